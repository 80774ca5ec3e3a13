import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  fetchDomainTree,
  normalizeRef,
  PRODUCT_FIELDS,
  productDomainRef,
} from '../../lib/catalog';
import { dataMeshTranslationRef } from '../../translation';
import type { DataMeshCardProps } from '../types';
import {
  pagedTableOptions,
  ProductComplianceCell,
  ProductRow,
  ProductSloCell,
  useProductColumns,
} from '../shared';

const PAGE_SIZE = 10;
const MAX_PRODUCTS = 1000;

interface Row extends ProductRow {
  id: string;
}

/**
 * The data products of a domain and of its subdomains, with their health:
 * compliance status and score, and whether their SLOs are met.
 */
export function EntityDomainProductsCard(props: DataMeshCardProps) {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const productColumns = useProductColumns<Row>();
  const domainRef = useMemo(
    () => normalizeRef(stringifyEntityRef(entity)),
    [entity],
  );

  const { value, loading, error } = useAsync(async () => {
    const domains = await fetchDomainTree(catalogApi, domainRef);
    const { items } = await catalogApi.queryEntities({
      filter: { kind: 'DataProduct', 'relations.partOf': domains },
      fields: PRODUCT_FIELDS,
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: MAX_PRODUCTS,
    });
    return items.map(
      (product): Row => ({
        id: stringifyEntityRef(product),
        entity: product,
        title: product.metadata.title ?? product.metadata.name,
        domainRef: productDomainRef(product),
      }),
    );
  }, [catalogApi, domainRef]);

  const columns: TableColumn<Row>[] = [
    productColumns.product,
    {
      title: t('common.productColumns.type'),
      field: 'entity.spec.type',
      render: row => (
        <>
          <Typography variant="body2">
            {String(row.entity.spec?.type ?? '')}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {String(row.entity.spec?.lifecycle ?? '')}
          </Typography>
        </>
      ),
    },
    productColumns.classification,
    productColumns.domain(domainRef),
    {
      title: t('common.productColumns.compliance'),
      sorting: false,
      render: row => (
        <ProductComplianceCell product={getCompoundEntityRef(row.entity)} />
      ),
    },
    {
      title: t('common.productColumns.slos'),
      sorting: false,
      render: row => (
        <ProductSloCell product={getCompoundEntityRef(row.entity)} />
      ),
    },
  ];

  const title = props.title ?? t('domainProductsCard.title');
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value?.length) {
    content = (
      <EmptyState
        missing="content"
        title={t('domainProductsCard.empty.title')}
        description={t('domainProductsCard.empty.description')}
      />
    );
  } else {
    return (
      <Table<Row>
        title={t('domainProductsCard.titleWithCount', {
          title,
          products: String(value.length),
        })}
        subtitle={t('domainProductsCard.subtitle')}
        columns={columns}
        data={value}
        options={pagedTableOptions(value.length, PAGE_SIZE, {
          // Search only pays once the products fill more than a page.
          search: value.length > PAGE_SIZE,
        })}
      />
    );
  }
  return <InfoCard title={title}>{content}</InfoCard>;
}
