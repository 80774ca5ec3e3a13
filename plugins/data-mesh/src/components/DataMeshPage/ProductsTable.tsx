import {
  InfoCard,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ComplianceStatus } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { dataMeshTranslationRef } from '../../translation';
import {
  ComplianceScore,
  pagedTableOptions,
  SelectField,
  SloSummaryLabel,
  useProductColumns,
} from '../shared';
import {
  MAX_PRODUCTS,
  MeshCatalog,
  MeshCompliance,
  MeshProduct,
  MeshSlos,
} from './useMeshData';

const useStyles = makeStyles(
  theme => ({
    filters: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      marginBottom: theme.spacing(2),
      alignItems: 'flex-end',
    },
    select: { minWidth: 160 },
  }),
  { name: 'MeshworkDataMeshProductsTable' },
);

const PAGE_SIZE = 20;
/** The value of a filter that lets everything through. */
const ALL = '';
const UNEVALUATED = 'unevaluated';

interface ProductRow extends MeshProduct {
  id: string;
  status?: ComplianceStatus;
  score?: number;
}

/** The distinct string values of a field over the rows, sorted. */
function distinct(rows: ProductRow[], read: (p: ProductRow) => unknown) {
  return [
    ...new Set(
      rows.map(read).filter((v): v is string => typeof v === 'string'),
    ),
  ].sort();
}

const asString = (value: unknown) =>
  typeof value === 'string' ? value : undefined;

type FilterKey = 'domain' | 'lifecycle' | 'classification' | 'compliance';

/** One filter of the list: what it reads of a product and what it offers. */
interface ProductFilter {
  key: FilterKey;
  value(p: ProductRow): string | undefined;
  /** `[value, text]` pairs; `labels` are the translated status names. */
  options(
    rows: ProductRow[],
    labels: Record<string, string>,
  ): [string, string][];
}

/** The values found in the products, each as its own text. */
const valuesOf =
  (read: (p: ProductRow) => string | undefined) => (rows: ProductRow[]) =>
    distinct(rows, read).map((v): [string, string] => [v, v]);

const lifecycleOf = (p: ProductRow) => asString(p.entity.spec?.lifecycle);
const classificationOf = (p: ProductRow) =>
  asString(p.entity.spec?.classification);

const FILTERS: ProductFilter[] = [
  {
    key: 'domain',
    value: p => p.domainRef,
    options: rows =>
      distinct(rows, p => p.domainRef).map(d => [
        d,
        d.replace(/^domain:default\//, ''),
      ]),
  },
  { key: 'lifecycle', value: lifecycleOf, options: valuesOf(lifecycleOf) },
  {
    key: 'classification',
    value: classificationOf,
    options: valuesOf(classificationOf),
  },
  {
    key: 'compliance',
    value: p => p.status ?? UNEVALUATED,
    options: (_rows, labels) =>
      ['passing', 'warning', 'failing', UNEVALUATED].map(v => [v, labels[v]]),
  },
];

const NO_FILTERS: Record<FilterKey, string> = {
  domain: ALL,
  lifecycle: ALL,
  classification: ALL,
  compliance: ALL,
};

/**
 * Every data product with its compliance and SLOs, filtered by domain,
 * lifecycle, classification, compliance status and a search term.
 */
export function ProductsTable(props: {
  catalog: MeshCatalog;
  compliance?: MeshCompliance;
  slos?: MeshSlos;
}) {
  const { catalog, compliance, slos } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const productColumns = useProductColumns<ProductRow>();
  const [filters, setFilters] = useState(NO_FILTERS);
  const [search, setSearch] = useState('');

  const all = useMemo(
    () =>
      catalog.products.map((p): ProductRow => {
        const c = compliance?.byProduct.get(p.ref);
        return { ...p, id: p.ref, status: c?.status, score: c?.score };
      }),
    [catalog, compliance],
  );
  const term = search.trim().toLocaleLowerCase('en-US');
  const rows = all.filter(
    p =>
      FILTERS.every(f => !filters[f.key] || f.value(p) === filters[f.key]) &&
      (!term ||
        p.title.toLocaleLowerCase('en-US').includes(term) ||
        p.entity.metadata.name.includes(term) ||
        (p.entity.metadata.description ?? '')
          .toLocaleLowerCase('en-US')
          .includes(term)),
  );
  const statusLabels: Record<string, string> = {
    passing: t('meshPage.filters.passing'),
    warning: t('meshPage.filters.warning'),
    failing: t('meshPage.filters.failing'),
    [UNEVALUATED]: t('meshPage.filters.unevaluated'),
  };

  const columns: TableColumn<ProductRow>[] = [
    productColumns.product,
    productColumns.domain(),
    { title: t('common.productColumns.type'), field: 'entity.spec.type' },
    {
      title: t('common.productColumns.lifecycle'),
      field: 'entity.spec.lifecycle',
    },
    productColumns.classification,
    {
      title: t('common.productColumns.compliance'),
      field: 'score',
      render: row =>
        row.status ? (
          <ComplianceScore status={row.status} score={row.score ?? 0} />
        ) : (
          <Typography variant="caption" color="textSecondary">
            {t('common.health.notEvaluated')}
          </Typography>
        ),
    },
    {
      title: t('common.productColumns.slos'),
      sorting: false,
      render: row => {
        const summary = slos?.byProduct.get(row.ref);
        return summary ? <SloSummaryLabel summary={summary} /> : '–';
      },
    },
  ];

  return (
    <InfoCard title={t('meshPage.products.title')}>
      <Box
        className={classes.filters}
        role="group"
        aria-label={t('meshPage.filters.label')}
      >
        <TextField
          id="meshwork-mesh-search"
          label={t('meshPage.filters.search')}
          size="small"
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
        {FILTERS.map(filter => (
          <SelectField
            key={filter.key}
            id={`meshwork-filter-${filter.key}`}
            label={t(`meshPage.filters.${filter.key}`)}
            value={filters[filter.key]}
            onChange={value => setFilters({ ...filters, [filter.key]: value })}
            options={[
              [ALL, t('meshPage.filters.all')],
              ...filter.options(all, statusLabels),
            ]}
            className={classes.select}
            shrink
          />
        ))}
      </Box>
      {catalog.totalProducts > catalog.products.length && (
        <WarningPanel
          severity="info"
          title={t('meshPage.products.truncated', {
            shown: String(MAX_PRODUCTS),
            total: String(catalog.totalProducts),
          })}
          message={t('meshPage.products.truncatedMessage')}
        />
      )}
      <Table<ProductRow>
        title={t('meshPage.products.count', {
          shown: String(rows.length),
          total: String(all.length),
        })}
        columns={columns}
        data={rows}
        options={pagedTableOptions(rows.length, PAGE_SIZE, { toolbar: true })}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2">
              {t('meshPage.products.noMatch')}
            </Typography>
          </Box>
        }
      />
    </InfoCard>
  );
}
