import {
  Entity,
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
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  fetchDomainTree,
  normalizeRef,
  PRODUCT_FIELDS,
  productDomainRef,
} from '../../lib/catalog';
import {
  ClassificationChip,
  ProductComplianceCell,
  ProductSloCell,
  RefLink,
} from '../shared';

const PAGE_SIZE = 10;
const MAX_PRODUCTS = 1000;

interface Row {
  id: string;
  entity: Entity;
  title: string;
  domainRef?: string;
}

/**
 * The data products of a domain and of its subdomains, with their health:
 * compliance status and score, and whether their SLOs are met.
 *
 * @public
 */
export function EntityDomainProductsCard(props: { title?: string }) {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
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
    {
      title: 'Product',
      field: 'title',
      highlight: true,
      render: row => (
        <EntityRefLink
          entityRef={getCompoundEntityRef(row.entity)}
          title={row.title}
        />
      ),
    },
    {
      title: 'Type',
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
    {
      title: 'Classification',
      field: 'entity.spec.classification',
      render: row => (
        <ClassificationChip
          classification={row.entity.spec?.classification as string | undefined}
        />
      ),
    },
    {
      title: 'Domain',
      field: 'domainRef',
      render: row =>
        row.domainRef && row.domainRef !== domainRef ? (
          <RefLink entityRef={row.domainRef} defaultKind="Domain" />
        ) : (
          <Typography variant="body2" color="textSecondary">
            this domain
          </Typography>
        ),
    },
    {
      title: 'Compliance',
      sorting: false,
      render: row => (
        <ProductComplianceCell product={getCompoundEntityRef(row.entity)} />
      ),
    },
    {
      title: 'SLOs',
      sorting: false,
      render: row => (
        <ProductSloCell product={getCompoundEntityRef(row.entity)} />
      ),
    },
  ];

  const title = props.title ?? 'Data products';
  if (loading) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (!value?.length) {
    return (
      <InfoCard title={title}>
        <EmptyState
          missing="content"
          title="No data products in this domain yet"
          description="Products name their domain in spec.domain; create one with the data product template."
        />
      </InfoCard>
    );
  }
  return (
    <Table<Row>
      title={`${title} (${value.length})`}
      subtitle="Products of this domain and its subdomains, with their compliance and SLOs"
      columns={columns}
      data={value}
      options={{
        paging: value.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE],
        search: value.length > PAGE_SIZE,
        padding: 'dense',
      }}
    />
  );
}
