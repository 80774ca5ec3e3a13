import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import {
  EmptyState,
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  TrendLine,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import type {
  ComplianceHistoryItem,
  PolicyResult,
  PolicySeverity,
  PolicySource,
  PolicyStatus,
  ProductCompliance,
} from '@meshwork/plugin-data-mesh-common';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { formatDate, formatDateTime } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import {
  ComplianceStatusLabel,
  pagedTableOptions,
  PolicyStatusLabel,
  RefLink,
  usePagedItems,
} from '../shared';

const useStyles = makeStyles(
  theme => ({
    gauge: { maxWidth: 160, margin: '0 auto' },
    counts: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
    expired: {
      backgroundColor: theme.palette.error.main,
      color: theme.palette.error.contrastText,
    },
    trend: { width: '100%' },
    required: { fontWeight: 'bold' },
  }),
  { name: 'MeshworkDataMeshComplianceContent' },
);

const STATUS_ORDER: Record<PolicyStatus, number> = {
  error: 0,
  failed: 0,
  waived: 1,
  passed: 2,
};
const SEVERITY_ORDER: Record<PolicySeverity, number> = {
  required: 0,
  recommended: 1,
  optional: 2,
};
const POLICIES_PER_PAGE = 10;
const HISTORY_POINTS = 100;
const CHANGES_PER_PAGE = 5;

/** Where a policy came from, in words (a domain links to its page). */
export function PolicySourceText(props: {
  source: PolicySource;
  tightenedBy?: PolicySource;
}) {
  const { source, tightenedBy } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const describe = (s: PolicySource) => {
    if (s === 'builtin') return t('complianceContent.source.builtin');
    if (s === 'global') return t('complianceContent.source.global');
    return t('complianceContent.source.domain', {
      domain: <RefLink entityRef={s} defaultKind="Domain" />,
    });
  };
  return (
    <Typography variant="body2" component="span">
      {tightenedBy
        ? t('complianceContent.source.tightenedBy', {
            source: describe(source),
            tightenedBy: describe(tightenedBy),
          })
        : describe(source)}
    </Typography>
  );
}

function Waiver(props: { result: PolicyResult }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const { waiver } = props.result;
  if (!waiver) return null;
  const date = formatDate(waiver.expires);
  return (
    <Box>
      <Typography variant="body2">{waiver.reason}</Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        {t('complianceContent.waiver.approvedBy', {
          approver: (
            <RefLink
              entityRef={waiver.approver}
              defaultKind="User"
              defaultNamespace={DEFAULT_NAMESPACE}
            />
          ),
        })}
      </Typography>
      <Chip
        size="small"
        className={waiver.expired ? classes.expired : undefined}
        variant={waiver.expired ? 'default' : 'outlined'}
        label={
          waiver.expired
            ? t('complianceContent.waiver.expired', { date })
            : t('complianceContent.waiver.expires', { date })
        }
      />
    </Box>
  );
}

function sortResults(results: PolicyResult[]): PolicyResult[] {
  return [...results].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.policyId.localeCompare(b.policyId),
  );
}

function PoliciesTable(props: { results: PolicyResult[] }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const columns: TableColumn<PolicyResult>[] = [
    {
      title: t('complianceContent.policies.severity'),
      field: 'severity',
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => (
        <span
          className={r.severity === 'required' ? classes.required : undefined}
        >
          {r.severity}
        </span>
      ),
    },
    {
      title: t('complianceContent.policies.policy'),
      field: 'title',
      highlight: true,
      render: r => (
        <>
          <Typography variant="body2">{r.title}</Typography>
          <Typography variant="caption" color="textSecondary">
            {r.policyId}
          </Typography>
        </>
      ),
    },
    {
      title: t('complianceContent.policies.status'),
      field: 'status',
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => <PolicyStatusLabel status={r.status} />,
    },
    {
      title: t('complianceContent.policies.message'),
      field: 'message',
      render: r => (
        <>
          <Typography variant="body2">{r.message}</Typography>
          {r.error && (
            <Typography variant="caption" color="error" component="div">
              {r.error}
            </Typography>
          )}
          {r.notes?.map(note => (
            <Typography
              key={note}
              variant="caption"
              color="textSecondary"
              component="div"
            >
              {note}
            </Typography>
          ))}
        </>
      ),
    },
    {
      title: t('complianceContent.policies.remediation'),
      field: 'remediation',
      render: r =>
        r.status === 'passed' ? (
          ''
        ) : (
          <Typography variant="body2">{r.remediation ?? ''}</Typography>
        ),
    },
    {
      title: t('complianceContent.policies.source'),
      field: 'source',
      render: r => (
        <PolicySourceText source={r.source} tightenedBy={r.tightenedBy} />
      ),
    },
    {
      title: t('complianceContent.policies.waiver'),
      field: 'waiver',
      sorting: false,
      render: r => <Waiver result={r} />,
    },
  ];
  const rows = sortResults(props.results);
  return (
    <Table<PolicyResult>
      title={t('complianceContent.policies.title')}
      subtitle={t('complianceContent.policies.subtitle')}
      columns={columns}
      data={rows}
      options={pagedTableOptions(rows.length, POLICIES_PER_PAGE)}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">
            {t('complianceContent.policies.none')}
          </Typography>
        </Box>
      }
    />
  );
}

function Summary(props: { compliance: ProductCompliance }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const { compliance } = props;
  const { counts } = compliance;
  const chips = [
    t('complianceContent.summary.passed', { passed: String(counts.passed) }),
    t('complianceContent.summary.failed', { failed: String(counts.failed) }),
    t('complianceContent.summary.waived', { waived: String(counts.waived) }),
    t('complianceContent.summary.errors', { errors: String(counts.error) }),
  ];
  return (
    <InfoCard title={t('complianceContent.summary.title')} variant="gridItem">
      <Box
        className={classes.gauge}
        aria-label={t('complianceContent.summary.gaugeLabel', {
          score: String(compliance.score),
        })}
      >
        <Gauge value={compliance.score / 100} />
      </Box>
      <Box mt={2} mb={1}>
        <ComplianceStatusLabel status={compliance.status} />
      </Box>
      <Box className={classes.counts}>
        {chips.map(label => (
          <Chip key={label} size="small" label={label} />
        ))}
      </Box>
      <Typography variant="caption" color="textSecondary" component="div">
        {t('complianceContent.summary.evaluated', {
          time: formatDateTime(compliance.evaluatedAt),
        })}
      </Typography>
      {compliance.notes.map(note => (
        <Typography key={note} variant="body2" color="textSecondary">
          {note}
        </Typography>
      ))}
    </InfoCard>
  );
}

/** Points where the status or score changed, newest first. */
function changes(items: ComplianceHistoryItem[]): ComplianceHistoryItem[] {
  return items.filter((item, i) => {
    const older = items[i + 1];
    return !older || older.status !== item.status || older.score !== item.score;
  });
}

function History(props: { productRef: CompoundEntityRef }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const api = useApi(dataMeshApiRef);
  const { value, loading, error } = useAsync(
    () => api.getComplianceHistory(props.productRef, { limit: HISTORY_POINTS }),
    [api, props.productRef],
  );
  const changed = changes(value?.items ?? []);
  const { pageItems, pagination } = usePagedItems(
    changed,
    CHANGES_PER_PAGE,
    t('complianceContent.history.pagesLabel'),
  );
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        {t('complianceContent.history.none')}
      </Typography>
    );
  } else {
    const oldestFirst = [...value.items].reverse();
    content = (
      <>
        <Box className={classes.trend}>
          {oldestFirst.length > 1 ? (
            <TrendLine
              data={oldestFirst.map(i => i.score / 100)}
              title={t('complianceContent.history.trendTitle', {
                evaluations: String(oldestFirst.length),
              })}
              width={300}
              height={60}
              min={0}
              max={1}
              preserveAspectRatio="none"
              style={{ width: '100%', height: 80 }}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              {t('complianceContent.history.one')}
            </Typography>
          )}
        </Box>
        <Typography variant="caption" color="textSecondary">
          {`${formatDate(oldestFirst[0].evaluatedAt)} – ${formatDate(
            oldestFirst[oldestFirst.length - 1].evaluatedAt,
          )}`}
        </Typography>
        <ul aria-label={t('complianceContent.history.changes')}>
          {pageItems.map(item => (
            <li key={item.id}>
              <Typography variant="body2" component="span">
                {t('complianceContent.history.change', {
                  time: formatDateTime(item.evaluatedAt),
                  score: String(item.score),
                })}
              </Typography>
              <ComplianceStatusLabel status={item.status} />
            </li>
          ))}
        </ul>
        {pagination}
      </>
    );
  }
  return (
    <InfoCard title={t('complianceContent.history.title')} variant="gridItem">
      {content}
    </InfoCard>
  );
}

/**
 * The Compliance tab of a data product: its score and status, one row per
 * policy (severity, status, message, remediation, where the rule came from,
 * waivers and their expiry), and how compliance changed over time.
 */
export function EntityComplianceContent() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const api = useApi(dataMeshApiRef);
  const productRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { value, loading, error } = useAsync(
    () => api.getProductCompliance(productRef),
    [api, productRef],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) {
    return (
      <EmptyState
        missing="data"
        title={t('complianceContent.empty.title')}
        description={t('complianceContent.empty.description')}
      />
    );
  }
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={4}>
        <Summary compliance={value} />
      </Grid>
      <Grid item xs={12} md={8}>
        <History productRef={productRef} />
      </Grid>
      <Grid item xs={12}>
        <PoliciesTable results={value.results} />
      </Grid>
    </Grid>
  );
}
