import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api';
import { normalizeRef } from '../../lib/catalog';
import { ComplianceFigures, FailingPolicies } from '../shared';

/**
 * A domain's compliance roll-up, its subdomains' products included: how many
 * products pass, warn and fail, the share compliant, the average score and the
 * policies that fail most.
 *
 * @public
 */
export function EntityDomainComplianceCard(props: { title?: string }) {
  const { entity } = useEntity();
  const api = useApi(dataMeshApiRef);
  const domainRef = useMemo(
    () => normalizeRef(stringifyEntityRef(entity)),
    [entity],
  );
  const { value, loading, error } = useAsync(
    () => api.getDomainCompliance({ includeSubdomains: true }),
    [api],
  );
  const summary = value?.items.find(
    item =>
      item.domainRef !== null && normalizeRef(item.domainRef) === domainRef,
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.products === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No evaluated products yet"
        description="Compliance appears once the domain's products have been evaluated by a compliance sweep."
      />
    );
  } else {
    content = (
      <>
        <Grid container spacing={2} alignItems="center">
          <Grid item xs={12} sm={4}>
            <Box aria-label={`${summary.compliantShare}% compliant`}>
              <Gauge
                value={summary.compliantShare / 100}
                description="compliant"
              />
            </Box>
          </Grid>
          <Grid item xs={12} sm={8}>
            <ComplianceFigures summary={summary} />
            <Typography variant="body2" style={{ marginTop: 8 }}>
              {`${summary.compliant} of ${summary.products} products compliant (${summary.compliantShare}%), average score ${summary.averageScore}`}
            </Typography>
          </Grid>
        </Grid>
        <Box mt={2}>
          <Typography variant="h6">Failing policies</Typography>
          <FailingPolicies summary={summary} />
        </Box>
      </>
    );
  }
  return (
    <InfoCard title={props.title ?? 'Domain compliance'} variant="gridItem">
      {content}
    </InfoCard>
  );
}
