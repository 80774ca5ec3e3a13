import type { TranslationFunction } from '@backstage/frontend-plugin-api';
import type { DataProductEntityV1alpha1 } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import type { dataMeshTranslationRef } from '../../translation';
import { ClassificationChip, RefLink } from '../shared';

type ProductSpec = Partial<DataProductEntityV1alpha1['spec']>;

interface FieldContext {
  /** The product's namespace, the default of the refs it holds. */
  namespace: string;
  t: TranslationFunction<typeof dataMeshTranslationRef.T>;
}

/** One field of the overview card's grid. */
export interface ProductField {
  /** Its label, under `overviewCard.fields`. */
  label:
    | 'type'
    | 'lifecycle'
    | 'version'
    | 'domain'
    | 'owner'
    | 'classification'
    | 'retention'
    | 'technicalOwner'
    | 'businessOwner'
    | 'steward'
    | 'onCall'
    | 'channel'
    | 'email';
  /** What it shows, or undefined for "not set". */
  render(spec: ProductSpec, context: FieldContext): ReactNode | undefined;
  /** Left out when not set, rather than shown as "not set". */
  hideWhenUnset?: boolean;
}

/** A string field, as text. */
function text(read: (spec: ProductSpec) => unknown) {
  return (spec: ProductSpec) => {
    const value = read(spec);
    return typeof value === 'string' && value ? (
      <Typography variant="body2">{value}</Typography>
    ) : undefined;
  };
}

/** An entity ref field, as a link to the entity. */
function ref(read: (spec: ProductSpec) => unknown, defaultKind: string) {
  return (spec: ProductSpec, { namespace }: FieldContext) => {
    const value = read(spec);
    return typeof value === 'string' && value ? (
      <RefLink
        entityRef={value}
        defaultKind={defaultKind}
        defaultNamespace={namespace}
      />
    ) : undefined;
  };
}

/** The card's fields, in the order shown. */
export const PRODUCT_FIELDS: ProductField[] = [
  { label: 'type', render: text(s => s.type) },
  { label: 'lifecycle', render: text(s => s.lifecycle) },
  { label: 'version', render: text(s => s.version) },
  { label: 'domain', render: ref(s => s.domain, 'Domain') },
  { label: 'owner', render: ref(s => s.owner, 'Group') },
  {
    label: 'classification',
    render: (spec, { t }) => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        <ClassificationChip
          classification={spec.classification?.toLocaleLowerCase('en-US')}
        />
        {spec.containsPii === true && (
          <Chip
            size="small"
            variant="outlined"
            label={t('overviewCard.containsPii')}
          />
        )}
      </Box>
    ),
  },
  {
    label: 'retention',
    render: (spec, { t }) =>
      typeof spec.retentionDays === 'number' ? (
        <Typography variant="body2">
          {t('overviewCard.retentionDays', { count: spec.retentionDays })}
        </Typography>
      ) : undefined,
  },
  { label: 'technicalOwner', render: ref(s => s.team?.technicalOwner, 'User') },
  { label: 'businessOwner', render: ref(s => s.team?.businessOwner, 'User') },
  { label: 'steward', render: ref(s => s.team?.steward, 'Group') },
  { label: 'onCall', render: text(s => s.team?.onCall) },
  { label: 'channel', render: text(s => s.team?.channel) },
  { label: 'email', render: text(s => s.team?.email), hideWhenUnset: true },
];
