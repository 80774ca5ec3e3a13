import { Gauge } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ComplianceSummary } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatCount } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import { BoundedTable } from './BoundedTable';

const POLICIES_PER_PAGE = 5;

const useStyles = makeStyles(
  theme => ({
    // Each figure as wide as its number needs, wrapping to the next line rather than
    // running into its neighbour when the numbers are long (10,017 beside 8,082).
    figures: {
      display: 'flex',
      flexWrap: 'wrap',
      columnGap: theme.spacing(3),
      rowGap: theme.spacing(1),
    },
    figure: { flex: '1 0 auto', minWidth: 64 },
    value: { whiteSpace: 'nowrap' },
  }),
  { name: 'MeshworkComplianceFigures' },
);

/** Products and their compliance split, as figures. */
export function ComplianceFigures(props: { summary: ComplianceSummary }) {
  const { summary } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const figures = [
    [t('common.complianceFigures.evaluated'), summary.products],
    [t('common.complianceFigures.passing'), summary.passing],
    [t('common.complianceFigures.warning'), summary.warning],
    [t('common.complianceFigures.failing'), summary.failing],
  ] as const;
  return (
    <div
      className={classes.figures}
      role="group"
      aria-label={t('common.complianceFigures.label')}
    >
      {figures.map(([label, value]) => (
        <div
          className={classes.figure}
          key={label}
          role="group"
          aria-label={label}
        >
          <Typography variant="h4" component="div" className={classes.value}>
            {formatCount(value)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {label}
          </Typography>
        </div>
      ))}
    </div>
  );
}

/** The policies failing most often across a set of products, bounded to pages. */
export function FailingPolicies(props: { summary: ComplianceSummary }) {
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const failing = props.summary.policies.filter(p => p.failed + p.error > 0);
  if (failing.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('common.failingPolicies.none')}
      </Typography>
    );
  }
  return (
    <BoundedTable
      label={t('common.failingPolicies.title')}
      pagesLabel={t('common.failingPolicies.pagesLabel')}
      items={failing}
      pageSize={POLICIES_PER_PAGE}
      rowKey={p => p.policyId}
      columns={[
        { title: t('common.failingPolicies.policy'), render: p => p.policyId },
        {
          title: t('common.failingPolicies.severity'),
          render: p => p.severity,
        },
        {
          title: t('common.failingPolicies.failing'),
          align: 'right',
          render: p => p.failed + p.error,
        },
        {
          title: t('common.failingPolicies.waived'),
          align: 'right',
          render: p => p.waived,
        },
      ]}
    />
  );
}

/**
 * A compliance roll-up (a domain's or the whole mesh's): the share compliant as
 * a gauge, the figures, a line of text under them and the failing policies.
 */
export function ComplianceRollUp(props: {
  summary: ComplianceSummary;
  /** The gauge's accessible name. */
  gaugeLabel: string;
  /** The line under the figures. */
  line: string;
}) {
  const { summary, gaugeLabel, line } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <>
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={4}>
          <Box aria-label={gaugeLabel} maxWidth={220} mx="auto">
            <Gauge
              value={summary.compliantShare / 100}
              description={t('common.complianceFigures.gaugeDescription')}
            />
          </Box>
        </Grid>
        <Grid item xs={12} sm={8}>
          <ComplianceFigures summary={summary} />
          <Typography variant="body2" style={{ marginTop: 8 }}>
            {line}
          </Typography>
        </Grid>
      </Grid>
      <Box mt={2}>
        <Typography variant="h6">
          {t('common.failingPolicies.title')}
        </Typography>
        <FailingPolicies summary={summary} />
      </Box>
    </>
  );
}
