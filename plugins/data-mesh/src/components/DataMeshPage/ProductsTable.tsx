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
  SloSummaryLabel,
  useProductColumns,
} from '../shared';
import { ALL, FilterSelect } from './FilterSelect';
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
  }),
  { name: 'MeshworkDataMeshProductsTable' },
);

const PAGE_SIZE = 20;
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
  const [domain, setDomain] = useState(ALL);
  const [lifecycle, setLifecycle] = useState(ALL);
  const [classification, setClassification] = useState(ALL);
  const [status, setStatus] = useState(ALL);
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
      (!domain || p.domainRef === domain) &&
      (!lifecycle || p.entity.spec?.lifecycle === lifecycle) &&
      (!classification || p.entity.spec?.classification === classification) &&
      (!status || (status === UNEVALUATED ? !p.status : p.status === status)) &&
      (!term ||
        p.title.toLocaleLowerCase('en-US').includes(term) ||
        p.entity.metadata.name.includes(term) ||
        (p.entity.metadata.description ?? '')
          .toLocaleLowerCase('en-US')
          .includes(term)),
  );

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
        <FilterSelect
          id="domain"
          label={t('meshPage.filters.domain')}
          value={domain}
          onChange={setDomain}
          options={distinct(all, p => p.domainRef).map(d => [
            d,
            d.replace(/^domain:default\//, ''),
          ])}
        />
        <FilterSelect
          id="lifecycle"
          label={t('meshPage.filters.lifecycle')}
          value={lifecycle}
          onChange={setLifecycle}
          options={distinct(all, p => p.entity.spec?.lifecycle).map(v => [
            v,
            v,
          ])}
        />
        <FilterSelect
          id="classification"
          label={t('meshPage.filters.classification')}
          value={classification}
          onChange={setClassification}
          options={distinct(all, p => p.entity.spec?.classification).map(v => [
            v,
            v,
          ])}
        />
        <FilterSelect
          id="compliance"
          label={t('meshPage.filters.compliance')}
          value={status}
          onChange={setStatus}
          options={[
            ['passing', t('meshPage.filters.passing')],
            ['warning', t('meshPage.filters.warning')],
            ['failing', t('meshPage.filters.failing')],
            [UNEVALUATED, t('meshPage.filters.unevaluated')],
          ]}
        />
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
