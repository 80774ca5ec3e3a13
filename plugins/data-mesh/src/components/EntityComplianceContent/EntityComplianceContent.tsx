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
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api';
import type {
  ComplianceHistoryItem,
  PolicyResult,
  PolicySeverity,
  PolicySource,
  PolicyStatus,
  ProductCompliance,
} from '../../api/types';
import { formatDate, formatDateTime } from '../../lib/format';
import {
  ComplianceStatusLabel,
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
  const describe = (s: PolicySource) => {
    if (s === 'builtin') return <>built-in</>;
    if (s === 'global') return <>platform (app-config)</>;
    return (
      <>
        domain <RefLink entityRef={s} defaultKind="Domain" />
      </>
    );
  };
  return (
    <Typography variant="body2" component="span">
      {describe(source)}
      {tightenedBy && (
        <>
          {', tightened by '}
          {describe(tightenedBy)}
        </>
      )}
    </Typography>
  );
}

function Waiver(props: { result: PolicyResult }) {
  const classes = useStyles();
  const { waiver } = props.result;
  if (!waiver) return null;
  return (
    <Box>
      <Typography variant="body2">{waiver.reason}</Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        approved by{' '}
        <RefLink
          entityRef={waiver.approver}
          defaultKind="User"
          defaultNamespace={DEFAULT_NAMESPACE}
        />
      </Typography>
      <Chip
        size="small"
        className={waiver.expired ? classes.expired : undefined}
        variant={waiver.expired ? 'default' : 'outlined'}
        label={
          waiver.expired
            ? `expired ${formatDate(waiver.expires)}`
            : `expires ${formatDate(waiver.expires)}`
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
  const columns: TableColumn<PolicyResult>[] = [
    {
      title: 'Severity',
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
      title: 'Policy',
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
      title: 'Status',
      field: 'status',
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => <PolicyStatusLabel status={r.status} />,
    },
    {
      title: 'Message',
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
      title: 'Remediation',
      field: 'remediation',
      render: r =>
        r.status === 'passed' ? (
          ''
        ) : (
          <Typography variant="body2">{r.remediation ?? ''}</Typography>
        ),
    },
    {
      title: 'Source',
      field: 'source',
      render: r => (
        <PolicySourceText source={r.source} tightenedBy={r.tightenedBy} />
      ),
    },
    {
      title: 'Waiver',
      field: 'waiver',
      sorting: false,
      render: r => <Waiver result={r} />,
    },
  ];
  const rows = sortResults(props.results);
  return (
    <Table<PolicyResult>
      title="Policies"
      subtitle="One row per policy that applies to this product"
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > POLICIES_PER_PAGE,
        pageSize: POLICIES_PER_PAGE,
        pageSizeOptions: [POLICIES_PER_PAGE],
        search: false,
        padding: 'dense',
      }}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">
            No policy applies to this product.
          </Typography>
        </Box>
      }
    />
  );
}

function Summary(props: { compliance: ProductCompliance }) {
  const classes = useStyles();
  const { compliance } = props;
  const { counts } = compliance;
  return (
    <InfoCard title="Compliance score" variant="gridItem">
      <Box
        className={classes.gauge}
        aria-label={`score ${compliance.score} of 100`}
      >
        <Gauge value={compliance.score / 100} />
      </Box>
      <Box mt={2} mb={1}>
        <ComplianceStatusLabel status={compliance.status} />
      </Box>
      <Box className={classes.counts}>
        <Chip size="small" label={`${counts.passed} passed`} />
        <Chip size="small" label={`${counts.failed} failed`} />
        <Chip size="small" label={`${counts.waived} waived`} />
        <Chip size="small" label={`${counts.error} errors`} />
      </Box>
      <Typography variant="caption" color="textSecondary" component="div">
        {`Evaluated ${formatDateTime(compliance.evaluatedAt)}`}
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
  const api = useApi(dataMeshApiRef);
  const { value, loading, error } = useAsync(
    () => api.getComplianceHistory(props.productRef, { limit: HISTORY_POINTS }),
    [api, props.productRef],
  );
  const changed = changes(value?.items ?? []);
  const { pageItems, pagination } = usePagedItems(
    changed,
    CHANGES_PER_PAGE,
    'history pages',
  );
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No history yet: results are recorded on every compliance sweep.
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
              title={`Score over the last ${oldestFirst.length} evaluations`}
              width={300}
              height={60}
              min={0}
              max={1}
              preserveAspectRatio="none"
              style={{ width: '100%', height: 80 }}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              One evaluation so far.
            </Typography>
          )}
        </Box>
        <Typography variant="caption" color="textSecondary">
          {`${formatDate(oldestFirst[0].evaluatedAt)} – ${formatDate(
            oldestFirst[oldestFirst.length - 1].evaluatedAt,
          )}`}
        </Typography>
        <ul aria-label="Compliance changes">
          {pageItems.map(item => (
            <li key={item.id}>
              <Typography variant="body2" component="span">
                {`${formatDateTime(item.evaluatedAt)}: score ${item.score}, `}
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
    <InfoCard title="History" variant="gridItem">
      {content}
    </InfoCard>
  );
}

/**
 * The Compliance tab of a data product: its score and status, one row per
 * policy (severity, status, message, remediation, where the rule came from,
 * waivers and their expiry), and how compliance changed over time.
 *
 * @public
 */
export function EntityComplianceContent() {
  const { entity } = useEntity();
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
        title="No compliance result"
        description="This product has not been evaluated yet."
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
