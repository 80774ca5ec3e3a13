import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { dataMeshTranslationRef } from '../../translation';
import type { MeshCatalog, MeshCompliance, MeshSlos } from './useMeshData';

const useStyles = makeStyles(
  { figure: { textAlign: 'center' } },
  { name: 'MeshworkDataMeshAdoptionFigures' },
);

function Figure(props: { label: string; value: ReactNode; note?: string }) {
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
      <Typography variant="h3" component="div">
        {props.value}
      </Typography>
      <Typography variant="body2">{props.label}</Typography>
      {props.note && (
        <Typography variant="caption" color="textSecondary">
          {props.note}
        </Typography>
      )}
    </Grid>
  );
}

function percent(part: number, whole: number) {
  return whole ? `${Math.round((1000 * part) / whole) / 10}%` : '–';
}

/**
 * How far the mesh has come: products and the domains that have them, products
 * per domain, the share compliant and the share meeting their SLOs.
 */
export function AdoptionFigures(props: {
  catalog: MeshCatalog;
  compliance?: MeshCompliance;
  slos?: MeshSlos;
  slosLoading: boolean;
}) {
  const { catalog, compliance, slos, slosLoading } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const domainsWithProducts = new Set(
    catalog.products.map(p => p.domainRef).filter(Boolean),
  ).size;

  let sloValue: ReactNode = slosLoading ? '…' : '–';
  let sloNote: string = t('meshPage.adoption.sloNoData');
  if (slos && slos.sampled > 0 && slos.failed === slos.sampled) {
    sloNote = t('meshPage.adoption.sloUnavailable', {
      error: slos.firstError ?? t('meshPage.adoption.requestFailed'),
    });
  } else if (slos) {
    const measured = [...slos.byProduct.values()].filter(
      s => s.kind === 'measured',
    );
    const allMet = measured.filter(
      s => s.kind === 'measured' && s.met === s.measured,
    ).length;
    if (measured.length) {
      sloValue = percent(allMet, measured.length);
      const figures = {
        met: String(allMet),
        measured: String(measured.length),
      };
      sloNote =
        slos.declaring > slos.sampled
          ? t('meshPage.adoption.sloNoteSampled', {
              ...figures,
              sampled: String(slos.sampled),
              declaring: String(slos.declaring),
            })
          : t('meshPage.adoption.sloNote', figures);
    }
  }

  const evaluated = compliance?.mesh.products ?? 0;
  return (
    <InfoCard title={t('meshPage.adoption.title')}>
      <Grid container spacing={2} aria-label={t('meshPage.adoption.label')}>
        <Figure
          label={t('meshPage.adoption.products')}
          value={catalog.totalProducts}
          note={t('meshPage.adoption.productsNote', {
            withProducts: String(domainsWithProducts),
            domains: String(catalog.domains.length),
          })}
        />
        <Figure
          label={t('meshPage.adoption.perDomain')}
          value={
            domainsWithProducts
              ? Math.round(
                  (10 * catalog.products.length) / domainsWithProducts,
                ) / 10
              : '–'
          }
          note={t('meshPage.adoption.perDomainNote')}
        />
        <Figure
          label={t('meshPage.adoption.compliant')}
          value={evaluated ? `${compliance!.mesh.compliantShare}%` : '–'}
          note={
            evaluated
              ? t('meshPage.adoption.compliantNote', {
                  compliant: String(compliance!.mesh.compliant),
                  evaluated: String(evaluated),
                })
              : t('meshPage.adoption.notEvaluated')
          }
        />
        <Figure
          label={t('meshPage.adoption.slos')}
          value={sloValue}
          note={sloNote}
        />
      </Grid>
    </InfoCard>
  );
}
