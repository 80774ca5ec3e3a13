import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { MeshSummaryResponse } from '@meshwork/plugin-data-mesh-common';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { formatCount, formatDateTime } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';

const useStyles = makeStyles(
  { figure: { textAlign: 'center' }, value: { whiteSpace: 'nowrap' } },
  { name: 'MeshworkDataMeshAdoptionFigures' },
);

function Figure(props: {
  label: string;
  value: ReactNode;
  note?: string;
  detail?: string;
}) {
  const classes = useStyles();
  return (
    <Grid
      item
      xs={6}
      md={3}
      className={classes.figure}
      role="group"
      aria-label={props.label}
    >
      <Typography variant="h3" component="div" className={classes.value}>
        {props.value}
      </Typography>
      <Typography variant="body2">{props.label}</Typography>
      {props.note && (
        <Typography variant="caption" color="textSecondary" component="div">
          {props.note}
        </Typography>
      )}
      {props.detail && (
        <Typography variant="caption" color="textSecondary" component="div">
          {props.detail}
        </Typography>
      )}
    </Grid>
  );
}

/**
 * How far the mesh has come, over every product of the mesh (the summary's
 * `coverage` says when it is only those the reader may see): products and the
 * domains that have them, products per domain, the share compliant and the
 * share meeting their SLOs. Each note says what its figure counts.
 */
export function AdoptionFigures(props: { summary: MeshSummaryResponse }) {
  const { summary } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const { compliance, slos } = summary;

  const counts = {
    withProducts: formatCount(summary.domainsWithProducts),
    domains: formatCount(summary.domains),
    without: formatCount(summary.productsWithoutDomain),
  };
  const productsNote =
    summary.productsWithoutDomain > 0
      ? t('meshPage.adoption.productsNoteWithout', counts)
      : t('meshPage.adoption.productsNote', counts);

  const unevaluated = summary.products - compliance.products;
  let compliantNote: string = t('meshPage.adoption.notEvaluated');
  if (compliance.products > 0) {
    const figures = {
      compliant: formatCount(compliance.compliant),
      evaluated: formatCount(compliance.products),
      unevaluated: formatCount(unevaluated),
    };
    compliantNote =
      unevaluated > 0
        ? t('meshPage.adoption.compliantNoteUnevaluated', figures)
        : t('meshPage.adoption.compliantNote', figures);
  }

  const declaring = formatCount(slos.products);
  let sloNote: string;
  if (slos.products === 0) sloNote = t('meshPage.adoption.sloNone');
  else if (slos.checkedAt === null) {
    sloNote = t('meshPage.adoption.sloNotComputed', { declaring });
  } else if (slos.measured === 0) {
    sloNote = t('meshPage.adoption.sloNoData', { declaring });
  } else {
    sloNote = t('meshPage.adoption.sloNote', {
      met: formatCount(slos.meeting),
      measured: formatCount(slos.measured),
      declaring,
    });
  }

  return (
    <InfoCard
      title={t('meshPage.adoption.title')}
      subheader={
        summary.coverage === 'visible'
          ? t('meshPage.coverage.visible')
          : undefined
      }
    >
      <Grid container spacing={2} aria-label={t('meshPage.adoption.label')}>
        <Figure
          label={t('meshPage.adoption.products')}
          value={formatCount(summary.products)}
          note={productsNote}
        />
        <Figure
          label={t('meshPage.adoption.perDomain')}
          value={summary.productsPerDomain ?? '–'}
          note={t('meshPage.adoption.perDomainNote')}
        />
        <Figure
          label={t('meshPage.adoption.compliant')}
          value={compliance.products ? `${compliance.compliantShare}%` : '–'}
          note={compliantNote}
        />
        <Figure
          label={t('meshPage.adoption.slos')}
          value={slos.meetingShare === null ? '–' : `${slos.meetingShare}%`}
          note={sloNote}
          detail={
            slos.checkedAt
              ? t('meshPage.adoption.sloCheckedAt', {
                  time: formatDateTime(slos.checkedAt),
                })
              : undefined
          }
        />
      </Grid>
    </InfoCard>
  );
}
