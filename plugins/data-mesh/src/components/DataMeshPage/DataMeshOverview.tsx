import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { dataMeshTranslationRef } from '../../translation';
import { AdoptionFigures } from './AdoptionFigures';
import { DomainsTable } from './DomainsTable';
import { MeshCompliancePanel } from './MeshCompliancePanel';
import { ProductsTable } from './ProductsTable';

/**
 * The mesh at a glance, without a page header: adoption figures, compliance
 * across the mesh, the domains and the list of data products. Every figure is
 * the server's, over the whole mesh (`GET /mesh/summary`); the list is paged,
 * filtered, searched and sorted on the server (`GET /mesh/products`). The two
 * load independently, so one failing never hides the other.
 */
export function DataMeshOverview() {
  const api = useApi(dataMeshApiRef);
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const summary = useAsync(() => api.getMeshSummary(), [api]);
  if (summary.loading) return <Progress />;
  const value = summary.value;
  if (value && value.products === 0 && value.domains === 0) {
    return (
      <EmptyState
        missing="content"
        title={t('meshPage.empty.title')}
        description={t('meshPage.empty.description')}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {value ? (
        <>
          <Grid item xs={12}>
            <AdoptionFigures summary={value} />
          </Grid>
          <Grid item xs={12}>
            <MeshCompliancePanel summary={value} />
          </Grid>
          <Grid item xs={12}>
            <DomainsTable domains={value.domainFigures} />
          </Grid>
        </>
      ) : (
        <Grid item xs={12}>
          <ResponseErrorPanel error={summary.error!} />
        </Grid>
      )}
      <Grid item xs={12}>
        <ProductsTable summary={value} />
      </Grid>
    </Grid>
  );
}
