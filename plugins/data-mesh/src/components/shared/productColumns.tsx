import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import type { TableColumn } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { dataMeshTranslationRef } from '../../translation';
import { ClassificationChip } from './ClassificationChip';
import { RefLink } from './RefLink';

/** What a row of a product list has at least. */
export interface ProductRow {
  entity: Entity;
  title: string;
  /** The product's domain (normalised ref), when it has one. */
  domainRef?: string;
}

/** The columns every list of products shows the same way. */
export function useProductColumns<T extends ProductRow>() {
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return useMemo(
    () => ({
      product: {
        title: t('common.productColumns.product'),
        field: 'title',
        highlight: true,
        render: row => (
          <EntityRefLink
            entityRef={getCompoundEntityRef(row.entity)}
            title={row.title}
          />
        ),
      } as TableColumn<T>,
      classification: {
        title: t('common.productColumns.classification'),
        field: 'entity.spec.classification',
        render: row => (
          <ClassificationChip
            classification={
              row.entity.spec?.classification as string | undefined
            }
          />
        ),
      } as TableColumn<T>,
      /**
       * The product's domain as a link; on a domain's own page, products of
       * that domain say so instead of linking to the page itself.
       */
      domain: (ownDomainRef?: string): TableColumn<T> => ({
        title: t('common.productColumns.domain'),
        field: 'domainRef',
        render: row => {
          if (row.domainRef && row.domainRef !== ownDomainRef) {
            return <RefLink entityRef={row.domainRef} defaultKind="Domain" />;
          }
          if (!ownDomainRef) return '';
          return (
            <Typography variant="body2" color="textSecondary">
              {t('common.productColumns.thisDomain')}
            </Typography>
          );
        },
      }),
    }),
    [t],
  );
}
