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
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_OPENLINEAGE_JOB,
  ANNOTATION_OPENLINEAGE_NAMESPACE,
} from '@meshwork/plugin-data-mesh-common';
import type { SloStatus } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import {
  formatDateTime,
  formatPercent,
  formatSloValue,
} from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import type { DataMeshCardProps } from '../types';
import { BoundedTable } from '../shared';

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
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const title = t('sloCard.trendTitle', {
    indicator: slo.indicator,
    days: String(SPARKLINE_DAYS),
  });
  const data = slo.history
    .slice(-SPARKLINE_DAYS)
    .map(p => p.value)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (data.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary" title={title}>
        {t('sloCard.notEnoughData')}
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
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (problem) {
    return <StatusError>{t('sloCard.status.cannotEvaluate')}</StatusError>;
  }
  if (met === true) return <StatusOK>{t('sloCard.status.met')}</StatusOK>;
  if (met === false) {
    return <StatusError>{t('sloCard.status.missed')}</StatusError>;
  }
  return <StatusPending>{t('sloCard.status.noData')}</StatusPending>;
}

function ErrorBudget(props: { value: number | null }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (props.value === null) return <>–</>;
  if (props.value < 0) {
    return (
      <span className={classes.bad}>
        {t('sloCard.errorBudget.overspent')}
        <Typography variant="caption" component="div">
          {t('sloCard.errorBudget.overspentBy', {
            amount: formatPercent(-props.value, 0),
          })}
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
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (props.value === null) return <>–</>;
  return (
    <span
      className={props.value > 1 ? classes.bad : classes.good}
      title={
        props.value > 1
          ? t('sloCard.burnRate.tooFast')
          : t('sloCard.burnRate.withinBudget')
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
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const config = [
    t('sloCard.howTo.configComment'),
    'transport:',
    '  type: http',
    // No endpoint: the Python client joins its default one to this url (urljoin), the
    // Java client posts to a url with a path as it is and refuses an endpoint besides it.
    `  url: ${baseUrl}/openlineage`,
    '  auth:',
    '    type: api_key',
    '    apiKey: ${MESHWORK_INGEST_TOKEN}',
  ].join('\n');
  return (
    <Box>
      <Typography variant="body2" paragraph>
        {t('sloCard.howTo.intro')}
      </Typography>
      <CodeSnippet text={config} language="yaml" showCopyCodeButton />
      <Typography variant="body2" paragraph style={{ marginTop: 8 }}>
        {jobNamespace && jobName
          ? t('sloCard.howTo.job', {
              job: <code>{jobName}</code>,
              namespace: <code>{jobNamespace}</code>,
            })
          : t('sloCard.howTo.annotations', {
              namespaceAnnotation: (
                <code>{ANNOTATION_OPENLINEAGE_NAMESPACE}</code>
              ),
              jobAnnotation: <code>{ANNOTATION_OPENLINEAGE_JOB}</code>,
            })}{' '}
        {t('sloCard.howTo.observations', {
          url: <code>{`${baseUrl}/observations`}</code>,
        })}
      </Typography>
    </Box>
  );
}

function SloTable(props: { slos: SloStatus[] }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const caption = (text: string) => (
    <Typography variant="caption" color="textSecondary" component="div">
      {text}
    </Typography>
  );
  return (
    <BoundedTable
      label={t('sloCard.title')}
      pagesLabel={t('sloCard.pagesLabel')}
      items={props.slos}
      pageSize={SLOS_PER_PAGE}
      rowKey={slo => `${slo.indicator}-${slo.objective}`}
      columns={[
        {
          title: t('sloCard.columns.indicator'),
          className: classes.nowrap,
          render: slo => (
            <>
              <Typography variant="body2">{slo.indicator}</Typography>
              {slo.problem && (
                <Typography variant="caption" color="error">
                  {slo.problem}
                </Typography>
              )}
            </>
          ),
        },
        {
          title: t('sloCard.columns.objective'),
          className: classes.nowrap,
          render: slo => (
            <>
              {`${slo.comparison === 'atMost' ? '≤' : '≥'} ${slo.objective}`}
              {caption(t('sloCard.objectiveWindow', { window: slo.window }))}
            </>
          ),
        },
        {
          title: t('sloCard.columns.current'),
          render: slo => (
            <>
              {formatSloValue(slo.current, slo.unit)}
              {slo.lastObservedAt &&
                caption(
                  t('sloCard.asOf', {
                    time: formatDateTime(slo.lastObservedAt),
                  }),
                )}
            </>
          ),
        },
        {
          title: t('sloCard.columns.status'),
          className: classes.nowrap,
          render: slo => <MetStatus slo={slo} />,
        },
        {
          title: t('sloCard.columns.errorBudget'),
          className: classes.nowrap,
          render: slo => <ErrorBudget value={slo.errorBudgetRemaining} />,
        },
        {
          title: t('sloCard.columns.burnRate'),
          className: classes.nowrap,
          render: slo => <BurnRate value={slo.burnRate} />,
        },
        {
          title: t('sloCard.columns.trend'),
          render: slo => <SloTrend slo={slo} />,
        },
      ]}
    />
  );
}

/**
 * A data product's service level objectives as measured: current value,
 * objective, met or not, error budget left, burn rate and a 30-day sparkline;
 * without data, how to send it.
 */
export function EntityDataProductSloCard(props: DataMeshCardProps) {
  const { entity } = useEntity();
  const api = useApi(dataMeshApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const title = props.title ?? t('sloCard.title');
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
        title={t('sloCard.noSlos.title')}
        description={t('sloCard.noSlos.description', {
          field: <code>spec.slos</code>,
          freshness: <code>{'{ indicator: freshness, objective: 1h }'}</code>,
          availability: (
            <code>
              {'{ indicator: availability, objective: 99.9%, window: 30d }'}
            </code>
          ),
        })}
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
            <Typography variant="subtitle1">
              {t('sloCard.noMeasurements')}
            </Typography>
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
