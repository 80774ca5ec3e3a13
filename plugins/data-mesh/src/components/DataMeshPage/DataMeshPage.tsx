import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  Gauge,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useMemo, useState } from 'react';
import type { ComplianceStatus } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import {
  ClassificationChip,
  ComplianceFigures,
  FailingPolicies,
  ComplianceStatusLabel,
  RefLink,
  SloSummaryLabel,
} from '../shared';
import {
  MAX_PRODUCTS,
  MeshCatalog,
  MeshCompliance,
  MeshProduct,
  MeshSlos,
  useMeshData,
} from './useMeshData';

const useStyles = makeStyles(
  theme => ({
    figure: { textAlign: 'center' },
    filters: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      marginBottom: theme.spacing(2),
      alignItems: 'flex-end',
    },
    select: { minWidth: 160 },
  }),
  { name: 'MeshworkDataMeshPage' },
);

const PAGE_SIZE = 20;
const DOMAINS_PAGE_SIZE = 10;
const ALL = '';

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

function AdoptionFigures(props: {
  catalog: MeshCatalog;
  compliance?: MeshCompliance;
  slos?: MeshSlos;
  slosLoading: boolean;
}) {
  const { catalog, compliance, slos, slosLoading } = props;
  const domainsWithProducts = new Set(
    catalog.products.map(p => p.domainRef).filter(Boolean),
  ).size;
  let sloValue: ReactNode = slosLoading ? '…' : '–';
  let sloNote = 'no product reports SLO data yet';
  if (slos && slos.sampled > 0 && slos.failed === slos.sampled) {
    sloNote = `SLO status unavailable: ${slos.firstError ?? 'request failed'}`;
  } else if (slos) {
    const measured = [...slos.byProduct.values()].filter(
      s => s.kind === 'measured',
    );
    const allMet = measured.filter(
      s => s.kind === 'measured' && s.met === s.measured,
    ).length;
    if (measured.length) {
      sloValue = percent(allMet, measured.length);
      sloNote = `${allMet} of ${measured.length} products with measured SLOs${
        slos.declaring > slos.sampled
          ? ` (first ${slos.sampled} of ${slos.declaring} read)`
          : ''
      }`;
    }
  }
  const evaluated = compliance?.mesh.products ?? 0;
  return (
    <InfoCard title="Adoption">
      <Grid container spacing={2} aria-label="Adoption figures">
        <Figure
          label="data products"
          value={catalog.totalProducts}
          note={`in ${domainsWithProducts} of ${catalog.domains.length} domains`}
        />
        <Figure
          label="products per domain"
          value={
            domainsWithProducts
              ? Math.round(
                  (10 * catalog.products.length) / domainsWithProducts,
                ) / 10
              : '–'
          }
          note="on average, among domains with products"
        />
        <Figure
          label="compliant"
          value={evaluated ? `${compliance!.mesh.compliantShare}%` : '–'}
          note={
            evaluated
              ? `${
                  compliance!.mesh.compliant
                } of ${evaluated} evaluated products`
              : 'no products evaluated yet'
          }
        />
        <Figure label="meet their SLOs" value={sloValue} note={sloNote} />
      </Grid>
    </InfoCard>
  );
}

function MeshCompliancePanel(props: { compliance: MeshCompliance }) {
  const { mesh } = props.compliance;
  if (mesh.products === 0) {
    return (
      <InfoCard title="Compliance across the mesh">
        <EmptyState
          missing="data"
          title="No products evaluated yet"
          description="The compliance sweep evaluates every data product on a schedule; results appear here after the first one."
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title="Compliance across the mesh"
      subheader={
        mesh.lastSweep
          ? `Last sweep ${formatDateTime(mesh.lastSweep.finishedAt)}`
          : undefined
      }
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={4}>
          <Box aria-label={`${mesh.compliantShare}% of products compliant`}>
            <Gauge value={mesh.compliantShare / 100} description="compliant" />
          </Box>
        </Grid>
        <Grid item xs={12} sm={8}>
          <ComplianceFigures summary={mesh} />
          <Typography variant="body2" style={{ marginTop: 8 }}>
            {`Average score ${mesh.averageScore}`}
          </Typography>
        </Grid>
        <Grid item xs={12}>
          <Typography variant="h6">Failing policies</Typography>
          <FailingPolicies summary={mesh} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}

interface DomainRow {
  id: string;
  title: string;
  parent?: string;
  products: number;
  evaluated: number;
  compliantShare?: number;
  averageScore?: number;
  failing: number;
}

function DomainsTable(props: {
  catalog: MeshCatalog;
  compliance?: MeshCompliance;
}) {
  const { catalog, compliance } = props;
  const rows = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of catalog.products) {
      if (p.domainRef)
        counts.set(p.domainRef, (counts.get(p.domainRef) ?? 0) + 1);
    }
    return catalog.domains.map((d): DomainRow => {
      const id = `domain:${d.metadata.namespace ?? 'default'}/${
        d.metadata.name
      }`.toLocaleLowerCase('en-US');
      const roll = compliance?.byDomain.get(id);
      return {
        id,
        title: d.metadata.title ?? d.metadata.name,
        parent: d.spec?.subdomainOf as string | undefined,
        products: counts.get(id) ?? 0,
        evaluated: roll?.products ?? 0,
        compliantShare: roll?.compliantShare,
        averageScore: roll?.averageScore,
        failing: roll?.failing ?? 0,
      };
    });
  }, [catalog, compliance]);
  const columns: TableColumn<DomainRow>[] = [
    {
      title: 'Domain',
      field: 'title',
      highlight: true,
      render: row => (
        <RefLink entityRef={row.id} defaultKind="Domain" title={row.title} />
      ),
    },
    {
      title: 'Part of',
      field: 'parent',
      render: row =>
        row.parent ? (
          <RefLink entityRef={row.parent} defaultKind="Domain" />
        ) : (
          ''
        ),
    },
    { title: 'Products', field: 'products', type: 'numeric' },
    {
      title: 'Compliant',
      field: 'compliantShare',
      type: 'numeric',
      render: row =>
        row.evaluated ? `${row.compliantShare}% of ${row.evaluated}` : '–',
    },
    {
      title: 'Average score',
      field: 'averageScore',
      type: 'numeric',
      render: row => (row.evaluated ? row.averageScore : '–'),
    },
    { title: 'Failing', field: 'failing', type: 'numeric' },
  ];
  return (
    <Table<DomainRow>
      title="Domains"
      subtitle="Each domain's own products (subdomains listed separately)"
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > DOMAINS_PAGE_SIZE,
        pageSize: DOMAINS_PAGE_SIZE,
        pageSizeOptions: [DOMAINS_PAGE_SIZE],
        search: false,
        padding: 'dense',
      }}
    />
  );
}

interface ProductRow extends MeshProduct {
  id: string;
  status?: ComplianceStatus;
  score?: number;
}

function ProductsTable(props: {
  catalog: MeshCatalog;
  compliance?: MeshCompliance;
  slos?: MeshSlos;
}) {
  const { catalog, compliance, slos } = props;
  const classes = useStyles();
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
  const values = (read: (p: ProductRow) => unknown) =>
    [
      ...new Set(
        all.map(read).filter((v): v is string => typeof v === 'string'),
      ),
    ].sort();
  const lifecycles = values(p => p.entity.spec?.lifecycle);
  const classifications = values(p => p.entity.spec?.classification);
  const domains = values(p => p.domainRef);
  const term = search.trim().toLocaleLowerCase('en-US');
  const rows = all.filter(
    p =>
      (!domain || p.domainRef === domain) &&
      (!lifecycle || p.entity.spec?.lifecycle === lifecycle) &&
      (!classification || p.entity.spec?.classification === classification) &&
      (!status ||
        (status === 'unevaluated' ? !p.status : p.status === status)) &&
      (!term ||
        p.title.toLocaleLowerCase('en-US').includes(term) ||
        p.entity.metadata.name.includes(term) ||
        (p.entity.metadata.description ?? '')
          .toLocaleLowerCase('en-US')
          .includes(term)),
  );

  const select = (
    label: string,
    value: string,
    onChange: (v: string) => void,
    options: Array<[string, string]>,
  ) => {
    const id = `meshwork-filter-${label.toLocaleLowerCase('en-US')}`;
    return (
      <FormControl size="small" className={classes.select}>
        <InputLabel id={id} shrink>
          {label}
        </InputLabel>
        <Select
          labelId={id}
          value={value}
          onChange={e => onChange(String(e.target.value))}
          displayEmpty
        >
          <MenuItem value={ALL}>All</MenuItem>
          {options.map(([v, text]) => (
            <MenuItem key={v} value={v}>
              {text}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    );
  };

  const columns: TableColumn<ProductRow>[] = [
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
      title: 'Domain',
      field: 'domainRef',
      render: row =>
        row.domainRef ? (
          <RefLink entityRef={row.domainRef} defaultKind="Domain" />
        ) : (
          ''
        ),
    },
    { title: 'Type', field: 'entity.spec.type' },
    { title: 'Lifecycle', field: 'entity.spec.lifecycle' },
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
      title: 'Compliance',
      field: 'score',
      render: row =>
        row.status ? (
          <span>
            <ComplianceStatusLabel status={row.status} />
            <Typography variant="caption" color="textSecondary" component="div">
              {`score ${row.score}`}
            </Typography>
          </span>
        ) : (
          <Typography variant="caption" color="textSecondary">
            not evaluated yet
          </Typography>
        ),
    },
    {
      title: 'SLOs',
      sorting: false,
      render: row => {
        const summary = slos?.byProduct.get(row.ref);
        return summary ? <SloSummaryLabel summary={summary} /> : '–';
      },
    },
  ];

  return (
    <InfoCard title="Data products">
      <Box className={classes.filters} role="group" aria-label="Filters">
        <TextField
          id="meshwork-mesh-search"
          label="Search"
          size="small"
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
        {select(
          'Domain',
          domain,
          setDomain,
          domains.map(d => [d, d.replace(/^domain:default\//, '')]),
        )}
        {select(
          'Lifecycle',
          lifecycle,
          setLifecycle,
          lifecycles.map(v => [v, v]),
        )}
        {select(
          'Classification',
          classification,
          setClassification,
          classifications.map(v => [v, v]),
        )}
        {select('Compliance', status, setStatus, [
          ['passing', 'passing'],
          ['warning', 'warning'],
          ['failing', 'failing'],
          ['unevaluated', 'not evaluated yet'],
        ])}
      </Box>
      {catalog.totalProducts > catalog.products.length && (
        <WarningPanel
          severity="info"
          title={`Showing the first ${MAX_PRODUCTS} of ${catalog.totalProducts} products`}
          message="Narrow the list with the catalog's own filters for the rest."
        />
      )}
      <Table<ProductRow>
        title={`${rows.length} of ${all.length} products`}
        columns={columns}
        data={rows}
        options={{
          paging: rows.length > PAGE_SIZE,
          pageSize: PAGE_SIZE,
          pageSizeOptions: [PAGE_SIZE],
          search: false,
          padding: 'dense',
          toolbar: true,
        }}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2">
              No product matches the filters.
            </Typography>
          </Box>
        }
      />
    </InfoCard>
  );
}

/**
 * The mesh at a glance, without a page header: adoption figures, compliance
 * across the mesh, the domains and a filterable list of data products.
 *
 * @public
 */
export function DataMeshOverview() {
  const { catalog, compliance, slos } = useMeshData();
  if (catalog.loading) return <Progress />;
  if (catalog.error) return <ResponseErrorPanel error={catalog.error} />;
  const data = catalog.value!;
  if (data.products.length === 0 && data.domains.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No data mesh yet"
        description="Register Domain and DataProduct entities (apiVersion meshwork.dev/v1alpha1) in the catalog, or create a product with the data product template."
      />
    );
  }
  let compliancePanel;
  if (compliance.loading) compliancePanel = <Progress />;
  else if (compliance.error) {
    compliancePanel = <ResponseErrorPanel error={compliance.error} />;
  } else
    compliancePanel = <MeshCompliancePanel compliance={compliance.value!} />;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <AdoptionFigures
          catalog={data}
          compliance={compliance.value}
          slos={slos.value}
          slosLoading={slos.loading}
        />
      </Grid>
      <Grid item xs={12} lg={5}>
        {compliancePanel}
      </Grid>
      <Grid item xs={12} lg={7}>
        <DomainsTable catalog={data} compliance={compliance.value} />
      </Grid>
      <Grid item xs={12}>
        <ProductsTable
          catalog={data}
          compliance={compliance.value}
          slos={slos.value}
        />
      </Grid>
    </Grid>
  );
}

/**
 * The mesh page: domains and their products, compliance across the mesh,
 * filters and adoption figures (products per domain, share compliant, share
 * meeting their SLOs).
 *
 * @public
 */
export function DataMeshPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Data mesh"
        subtitle="Domains, data products and how they comply across the mesh"
      />
      <Content>
        <DataMeshOverview />
      </Content>
    </Page>
  );
}
