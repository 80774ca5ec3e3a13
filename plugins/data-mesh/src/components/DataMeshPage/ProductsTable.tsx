import {
  InfoCard,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ComplianceStatus,
  MeshProductItem,
  MeshProductSortField,
  MeshSummaryResponse,
} from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import TablePagination from '@material-ui/core/TablePagination';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { formatCount } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import {
  ClassificationChip,
  ComplianceScore,
  RefLink,
  SelectField,
  SloSummaryLabel,
  type SloSummary,
} from '../shared';

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

/** Rows per page the reader may choose; the backend answers at most 100. */
const PAGE_SIZES = [20, 50, 100];
/** How long typing pauses before the search goes to the server. */
const SEARCH_DELAY_MS = 300;
/** The value of a filter that lets everything through. */
const ALL = '';
const UNEVALUATED = 'unevaluated';
const STATUSES = ['passing', 'warning', 'failing', UNEVALUATED] as const;
const SORTS: MeshProductSortField[] = [
  'title',
  'domain',
  'type',
  'lifecycle',
  'classification',
  'score',
];

type FilterKey =
  | 'domain'
  | 'type'
  | 'lifecycle'
  | 'classification'
  | 'compliance';
const FILTER_KEYS: FilterKey[] = [
  'domain',
  'type',
  'lifecycle',
  'classification',
  'compliance',
];
const NO_FILTERS: Record<FilterKey, string> = {
  domain: ALL,
  type: ALL,
  lifecycle: ALL,
  classification: ALL,
  compliance: ALL,
};

type ProductRow = MeshProductItem & { id: string };

/** What the list asks the server for. */
interface Query {
  filters: Record<FilterKey, string>;
  /** The search as sent: the field's text once typing pauses. */
  term: string;
  sort: MeshProductSortField;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const FIRST_QUERY: Query = {
  filters: NO_FILTERS,
  term: '',
  sort: 'title',
  order: 'asc',
  page: 0,
  pageSize: PAGE_SIZES[0],
};

/** A product's SLO figures from the list as the SLO label reads them. */
function sloSummaryOf(slos: MeshProductItem['slos']): SloSummary {
  if (slos.declared === 0) return { kind: 'none' };
  if (!slos.measured) return { kind: 'nodata', total: slos.declared };
  return {
    kind: 'measured',
    met: slos.met ?? 0,
    measured: slos.measured,
    total: slos.declared,
  };
}

const values = (list: readonly string[] = []) =>
  list.map((v): [string, string] => [v, v]);

/**
 * Every data product of the mesh with its compliance and SLOs, a page at a time:
 * filtered by domain, type, lifecycle, classification and compliance status,
 * searched and sorted on the server (`GET /mesh/products`), so a search finds a
 * product wherever it is in a mesh of any size.
 */
export function ProductsTable(props: { summary?: MeshSummaryResponse }) {
  const { summary } = props;
  const classes = useStyles();
  const api = useApi(dataMeshApiRef);
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<Query>(FIRST_QUERY);
  // A new query starts at its first page; only paging keeps the rest.
  const update = (patch: Partial<Omit<Query, 'page'>>) =>
    setQuery(q => ({ ...q, ...patch, page: 0 }));
  useDebounce(
    () => {
      const term = search.trim();
      setQuery(q => (q.term === term ? q : { ...q, term, page: 0 }));
    },
    SEARCH_DELAY_MS,
    [search],
  );
  const { filters, term, sort, order, page, pageSize } = query;

  const list = useAsync(
    () =>
      api.listMeshProducts({
        offset: page * pageSize,
        limit: pageSize,
        search: term || undefined,
        domain: filters.domain || undefined,
        type: filters.type || undefined,
        lifecycle: filters.lifecycle || undefined,
        classification: filters.classification || undefined,
        compliance:
          (filters.compliance as ComplianceStatus | 'unevaluated') || undefined,
        sort,
        order,
      }),
    [api, query],
  );

  const options = useMemo(() => {
    const domains = (summary?.domainFigures ?? [])
      .filter(d => d.domainRef && d.products > 0)
      .map((d): [string, string] => [
        d.domainRef!,
        d.title ?? d.domainRef!.replace(/^domain:(default\/)?/, ''),
      ]);
    const statusLabels: Record<string, string> = {
      passing: t('meshPage.filters.passing'),
      warning: t('meshPage.filters.warning'),
      failing: t('meshPage.filters.failing'),
      [UNEVALUATED]: t('meshPage.filters.unevaluated'),
    };
    return {
      domain: domains,
      type: values(summary?.filters.types),
      lifecycle: values(summary?.filters.lifecycles),
      classification: values(summary?.filters.classifications),
      compliance: STATUSES.map((s): [string, string] => [s, statusLabels[s]]),
    };
  }, [summary, t]);

  const rows: ProductRow[] = (list.value?.items ?? []).map(item => ({
    ...item,
    id: item.entityRef,
  }));
  const matching = list.value?.totalItems ?? 0;

  const columns: TableColumn<ProductRow>[] = [
    {
      title: t('common.productColumns.product'),
      field: 'title',
      highlight: true,
      render: row => (
        <EntityRefLink entityRef={row.entityRef} title={row.title} />
      ),
    },
    {
      title: t('common.productColumns.domain'),
      field: 'domainRef',
      render: row =>
        row.domainRef ? (
          <RefLink entityRef={row.domainRef} defaultKind="Domain" />
        ) : (
          ''
        ),
    },
    { title: t('common.productColumns.type'), field: 'type' },
    { title: t('common.productColumns.lifecycle'), field: 'lifecycle' },
    {
      title: t('common.productColumns.classification'),
      field: 'classification',
      render: row => <ClassificationChip classification={row.classification} />,
    },
    {
      title: t('common.productColumns.compliance'),
      field: 'compliance.score',
      render: row =>
        row.compliance ? (
          <ComplianceScore
            status={row.compliance.status}
            score={row.compliance.score}
          />
        ) : (
          <Typography variant="caption" color="textSecondary">
            {t('common.health.notEvaluated')}
          </Typography>
        ),
    },
    {
      title: t('common.productColumns.slos'),
      render: row => <SloSummaryLabel summary={sloSummaryOf(row.slos)} />,
    },
  ];

  let count: string = t('meshPage.products.title');
  if (list.value && summary) {
    count = t('meshPage.products.count', {
      matching: formatCount(matching),
      total: formatCount(summary.products),
    });
  } else if (list.value) {
    count = t('meshPage.products.countWithoutTotal', {
      matching: formatCount(matching),
    });
  }

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
        {FILTER_KEYS.map(key => (
          <SelectField
            key={key}
            id={`meshwork-filter-${key}`}
            label={t(`meshPage.filters.${key}`)}
            value={filters[key]}
            onChange={value =>
              update({ filters: { ...filters, [key]: value } })
            }
            options={[[ALL, t('meshPage.filters.all')], ...options[key]]}
            className={classes.select}
            shrink
          />
        ))}
        <SelectField
          id="meshwork-mesh-sort"
          label={t('meshPage.filters.sort')}
          value={sort}
          onChange={value => update({ sort: value })}
          options={SORTS.map(s => [s, t(`meshPage.sort.${s}`)] as const)}
          className={classes.select}
        />
        <SelectField
          id="meshwork-mesh-order"
          label={t('meshPage.filters.order')}
          value={order}
          onChange={value => update({ order: value })}
          options={[
            ['asc', t('meshPage.filters.ascending')],
            ['desc', t('meshPage.filters.descending')],
          ]}
          className={classes.select}
        />
      </Box>
      {list.error ? (
        <ResponseErrorPanel error={list.error} />
      ) : (
        <>
          <Table<ProductRow>
            title={count}
            columns={columns.map(c => ({ ...c, sorting: false }))}
            data={rows}
            isLoading={list.loading}
            options={{
              paging: false,
              search: false,
              sorting: false,
              padding: 'dense',
              toolbar: true,
            }}
            emptyContent={
              <Box p={2}>
                <Typography variant="body2">
                  {list.loading ? '' : t('meshPage.products.noMatch')}
                </Typography>
              </Box>
            }
          />
          {matching > PAGE_SIZES[0] && (
            <TablePagination
              component="div"
              count={matching}
              page={Math.min(
                page,
                Math.max(0, Math.ceil(matching / pageSize) - 1),
              )}
              rowsPerPage={pageSize}
              rowsPerPageOptions={PAGE_SIZES}
              labelRowsPerPage={t('meshPage.products.rowsPerPage')}
              onPageChange={(_e, next) => setQuery(q => ({ ...q, page: next }))}
              onRowsPerPageChange={e =>
                update({ pageSize: Number(e.target.value) })
              }
              aria-label={t('meshPage.products.pagesLabel')}
            />
          )}
        </>
      )}
    </InfoCard>
  );
}
