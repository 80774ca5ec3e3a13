import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { DataProductEntityV1alpha1 } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useEntityUrlResolver } from '../../lib/links';
import { dataMeshTranslationRef } from '../../translation';
import type { DataMeshCardProps } from '../types';
import { SafeLink } from '../shared';
import { InputPorts, OutputPorts } from './Ports';
import { PRODUCT_FIELDS } from './productFields';

const useStyles = makeStyles(
  theme => ({
    label: {
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: '10px',
      fontWeight: 'bold',
      letterSpacing: 0.5,
      overflow: 'hidden',
      whiteSpace: 'nowrap',
    },
    value: { wordBreak: 'break-word' },
    section: { marginTop: theme.spacing(3) },
    sensitive: {
      borderLeft: `4px solid ${theme.palette.warning.main}`,
    },
    restricted: {
      borderLeft: `4px solid ${theme.palette.error.main}`,
    },
  }),
  { name: 'MeshworkDataMeshOverviewCard' },
);

type ProductSpec = Partial<DataProductEntityV1alpha1['spec']>;

function Field(props: { label: string; children?: ReactNode }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <Grid item xs={6} md={4}>
      <Typography variant="h2" className={classes.label}>
        {props.label}
      </Typography>
      <Box className={classes.value}>
        {props.children ?? (
          <Typography variant="body2" color="textSecondary">
            {t('common.notSet')}
          </Typography>
        )}
      </Box>
    </Grid>
  );
}

/** A section of the card: a heading, and its content or what is missing. */
function Section(props: {
  title: string;
  empty: string;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <Box className={classes.section}>
      <Typography variant="h6">{props.title}</Typography>
      {/* `false` from `{list.length > 0 && …}` is empty too */}
      {props.children || (
        <Typography variant="body2" color="textSecondary">
          {props.empty}
        </Typography>
      )}
    </Box>
  );
}

/**
 * What a data product is and how to read it: type, lifecycle, domain, owner
 * and team, classification, version, ports with their formats and locations,
 * contracts and documentation links.
 */
export function EntityDataProductOverviewCard(props: DataMeshCardProps) {
  const { entity } = useEntity();
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const resolveUrl = useEntityUrlResolver(entity);
  const title = props.title ?? t('overviewCard.title');

  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'dataproduct' ||
    !entity.spec
  ) {
    return (
      <InfoCard title={title}>
        <EmptyState
          missing="info"
          title={t('overviewCard.notDataProduct.title')}
          description={t('overviewCard.notDataProduct.description')}
        />
      </InfoCard>
    );
  }

  const spec = entity.spec as ProductSpec;
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const classification = spec.classification?.toLocaleLowerCase('en-US');
  const outputPorts = Array.isArray(spec.outputPorts) ? spec.outputPorts : [];
  const inputPorts = Array.isArray(spec.inputPorts) ? spec.inputPorts : [];
  const links = Array.isArray(entity.metadata.links)
    ? entity.metadata.links
    : [];
  const contracts = outputPorts.filter(p => p.contract);

  let accent: string | undefined;
  if (classification === 'restricted') accent = classes.restricted;
  else if (classification === 'confidential') accent = classes.sensitive;

  return (
    <InfoCard
      title={title}
      subheader={entity.metadata.description}
      variant="gridItem"
      className={accent}
    >
      <Grid container spacing={2}>
        {PRODUCT_FIELDS.map(field => {
          const value = field.render(spec, { namespace, t });
          if (field.hideWhenUnset && value === undefined) return null;
          return (
            <Field
              key={field.label}
              label={t(`overviewCard.fields.${field.label}`)}
            >
              {value}
            </Field>
          );
        })}
      </Grid>

      <Section
        title={t('overviewCard.outputPorts.title')}
        empty={t('overviewCard.outputPorts.none')}
      >
        {outputPorts.length > 0 && (
          <OutputPorts
            ports={outputPorts}
            namespace={namespace}
            resolveUrl={resolveUrl}
          />
        )}
      </Section>

      <Section
        title={t('overviewCard.inputPorts.title')}
        empty={t('overviewCard.inputPorts.none')}
      >
        {inputPorts.length > 0 && (
          <InputPorts ports={inputPorts} namespace={namespace} />
        )}
      </Section>

      <Section
        title={t('overviewCard.contracts.title')}
        empty={t('overviewCard.contracts.none')}
      >
        {contracts.length > 0 && (
          <ul aria-label={t('overviewCard.contracts.label')}>
            {contracts.map(port => (
              <li key={port.name}>
                <Typography variant="body2" component="span">
                  {`${port.name}: `}
                </Typography>
                <SafeLink
                  value={port.contract!}
                  href={resolveUrl(port.contract!)}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section
        title={t('overviewCard.documentation.title')}
        empty={t('overviewCard.documentation.none')}
      >
        {links.length > 0 && (
          <ul aria-label={t('overviewCard.documentation.label')}>
            {links.map((link, i) => (
              <li key={`${link.url}-${i}`}>
                <SafeLink value={link.url} text={link.title ?? link.url} />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </InfoCard>
  );
}
