import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  TrendLine,
} from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_OPENLINEAGE_JOB,
  ANNOTATION_OPENLINEAGE_NAMESPACE,
} from '@meshwork/plugin-data-mesh-common';
import type { SloStatus } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api';
import {
  formatDateTime,
  formatPercent,
  formatSloValue,
} from '../../lib/format';
import { usePagedItems } from '../shared';

const useStyles = makeStyles(
  theme => ({
    bad: { color: theme.palette.error.main, fontWeight: 'bold' },
    good: { color: theme.palette.success.main },
    help: { marginTop: theme.spacing(2) },
    nowrap: { whiteSpace: 'nowrap' },
  }),
  { name: 'MeshworkDataMeshSloCard' },
);

const SLOS_PER_PAGE = 10;
const SPARKLINE_DAYS = 30;

/** The last 30 days of an SLO as Backstage's trend line; days without data are skipped. */
function SloTrend(props: { slo: SloStatus }) {
  const { slo } = props;
  const theme = useTheme();
  const title = `${slo.indicator}, last ${SPARKLINE_DAYS} days`;
  const data = slo.history
    .slice(-SPARKLINE_DAYS)
    .map(p => p.value)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (data.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary" title={title}>
        not enough data
      </Typography>
    );
  }
  const missed = slo.history.slice(-SPARKLINE_DAYS).some(p => p.met === false);
  const min = Math.min(...data, slo.target);
  const max = Math.max(...data, slo.target);
  return (
    <TrendLine
      data={data}
      title={title}
      min={slo.unit === 'ratio' ? Math.min(min, 1) : 0}
      max={max === min ? max + 1 : max}
      color={missed ? theme.palette.error.main : theme.palette.success.main}
    />
  );
}

function MetStatus(props: { slo: SloStatus }) {
  const { met, problem } = props.slo;
  if (problem) return <StatusError>cannot evaluate</StatusError>;
  if (met === true) return <StatusOK>met</StatusOK>;
  if (met === false) return <StatusError>missed</StatusError>;
  return <StatusPending>no data</StatusPending>;
}

function ErrorBudget(props: { value: number | null }) {
  const classes = useStyles();
  if (props.value === null) return <>–</>;
  if (props.value < 0) {
    return (
      <span className={classes.bad}>
        overspent
        <Typography variant="caption" component="div">
          {`by ${formatPercent(-props.value, 0)}`}
        </Typography>
      </span>
    );
  }
  return (
    <span className={props.value < 0.25 ? classes.bad : undefined}>
      {formatPercent(props.value, 1)}
    </span>
  );
}

function BurnRate(props: { value: number | null }) {
  const classes = useStyles();
  if (props.value === null) return <>–</>;
  return (
    <span
      className={props.value > 1 ? classes.bad : classes.good}
      title={
        props.value > 1
          ? 'Burning the error budget faster than the window allows'
          : 'Within budget'
      }
    >
      {`${Number(props.value.toFixed(2))}×`}
    </span>
  );
}

/**
 * How a pipeline sends run events to Meshwork: the OpenLineage client's HTTP
 * transport pointed at the data-mesh backend, and the job the product maps to.
 */
export function OpenLineageHowTo(props: {
  baseUrl: string;
  jobNamespace?: string;
  jobName?: string;
}) {
  const { baseUrl, jobNamespace, jobName } = props;
  const config = [
    '# openlineage.yml, read by the OpenLineage client of your pipeline',
    'transport:',
    '  type: http',
    `  url: ${baseUrl}/openlineage`,
    '  endpoint: api/v1/lineage',
    '  auth:',
    '    type: api_key',
    '    apiKey: ${MESHWORK_INGEST_TOKEN}',
  ].join('\n');
  return (
    <Box>
      <Typography variant="body2" paragraph>
        SLO status comes from what your pipelines report. Send OpenLineage run
        events (START, COMPLETE, FAIL) with a standard OpenLineage client and
        this transport configuration:
      </Typography>
      <CodeSnippet text={config} language="yaml" showCopyCodeButton />
      <Typography variant="body2" paragraph style={{ marginTop: 8 }}>
        {jobNamespace && jobName ? (
          <>
            Runs of job <code>{jobName}</code> in namespace{' '}
            <code>{jobNamespace}</code> count for this product, as do runs that
            write its output port locations.
          </>
        ) : (
          <>
            Tie runs to this product with the annotations{' '}
            <code>{ANNOTATION_OPENLINEAGE_NAMESPACE}</code> and{' '}
            <code>{ANNOTATION_OPENLINEAGE_JOB}</code>, or write to its output
            port locations.
          </>
        )}{' '}
        Measured values (completeness, accuracy) can also be sent to{' '}
        <code>{`${baseUrl}/observations`}</code>.
      </Typography>
    </Box>
  );
}

function SloTable(props: { slos: SloStatus[] }) {
  const classes = useStyles();
  const { pageItems, pagination } = usePagedItems(
    props.slos,
    SLOS_PER_PAGE,
    'SLO pages',
  );
  return (
    <>
      <Table size="small" aria-label="Service level objectives">
        <TableHead>
          <TableRow>
            <TableCell>Indicator</TableCell>
            <TableCell>Objective</TableCell>
            <TableCell>Current</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Error budget left</TableCell>
            <TableCell>Burn rate</TableCell>
            <TableCell>Last 30 days</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {pageItems.map(slo => (
            <TableRow key={`${slo.indicator}-${slo.objective}`}>
              <TableCell className={classes.nowrap}>
                <Typography variant="body2">{slo.indicator}</Typography>
                {slo.problem && (
                  <Typography variant="caption" color="error">
                    {slo.problem}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {`${slo.comparison === 'atMost' ? '≤' : '≥'} ${slo.objective}`}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {`over ${slo.window}`}
                </Typography>
              </TableCell>
              <TableCell>
                {formatSloValue(slo.current, slo.unit)}
                {slo.lastObservedAt && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    {`as of ${formatDateTime(slo.lastObservedAt)}`}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                <MetStatus slo={slo} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <ErrorBudget value={slo.errorBudgetRemaining} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <BurnRate value={slo.burnRate} />
              </TableCell>
              <TableCell>
                <SloTrend slo={slo} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pagination}
    </>
  );
}

/**
 * A data product's service level objectives as measured: current value,
 * objective, met or not, error budget left, burn rate and a 30-day sparkline;
 * without data, how to send it.
 *
 * @public
 */
export function EntityDataProductSloCard(props: { title?: string }) {
  const { entity } = useEntity();
  const api = useApi(dataMeshApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const classes = useStyles();
  const title = props.title ?? 'Service level objectives';
  const annotations = entity.metadata.annotations ?? {};

  const { value, loading, error } = useAsync(async () => {
    const [status, baseUrl] = await Promise.all([
      api.getSloStatus(getCompoundEntityRef(entity)),
      discoveryApi.getBaseUrl('data-mesh'),
    ]);
    return { status, baseUrl };
  }, [api, discoveryApi, entity]);

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.status.slos.length === 0) {
    content = (
      <EmptyState
        missing="field"
        title="No SLOs declared"
        description={
          <>
            Declare what consumers can count on in <code>spec.slos</code>, for
            example <code>{'{ indicator: freshness, objective: 1h }'}</code> or{' '}
            <code>
              {'{ indicator: availability, objective: 99.9%, window: 30d }'}
            </code>
            ; their status appears here once pipelines report runs.
          </>
        }
        action={
          value ? (
            <OpenLineageHowTo
              baseUrl={value.baseUrl}
              jobNamespace={annotations[ANNOTATION_OPENLINEAGE_NAMESPACE]}
              jobName={annotations[ANNOTATION_OPENLINEAGE_JOB]}
            />
          ) : undefined
        }
      />
    );
  } else {
    const { slos } = value.status;
    const noData = slos.every(s => s.samples === 0 && s.current === null);
    content = (
      <>
        <SloTable slos={slos} />
        {noData && (
          <Box className={classes.help}>
            <Typography variant="subtitle1">No measurements yet</Typography>
            <OpenLineageHowTo
              baseUrl={value.baseUrl}
              jobNamespace={annotations[ANNOTATION_OPENLINEAGE_NAMESPACE]}
              jobName={annotations[ANNOTATION_OPENLINEAGE_JOB]}
            />
          </Box>
        )}
      </>
    );
  }

  return (
    <InfoCard title={title} variant="gridItem">
      {content}
    </InfoCard>
  );
}
