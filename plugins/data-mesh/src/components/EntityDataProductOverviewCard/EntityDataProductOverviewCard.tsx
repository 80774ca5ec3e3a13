import { DEFAULT_NAMESPACE, Entity } from '@backstage/catalog-model';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  DataProductEntityV1alpha1,
  DataProductInputPort,
  DataProductOutputPort,
} from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { resolveEntityUrl } from '../../lib/links';
import {
  ClassificationChip,
  RefLink,
  SafeLink,
  usePagedItems,
} from '../shared';

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
    nowrap: { whiteSpace: 'nowrap' },
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

const PORTS_PER_PAGE = 5;

function Field(props: {
  label: string;
  children?: ReactNode;
  xs?: 12 | 6 | 4;
  md?: 12 | 6 | 4 | 3;
}) {
  const classes = useStyles();
  return (
    <Grid item xs={props.xs ?? 6} md={props.md ?? 4}>
      <Typography variant="h2" className={classes.label}>
        {props.label}
      </Typography>
      <Box className={classes.value}>
        {props.children ?? (
          <Typography variant="body2" color="textSecondary">
            not set
          </Typography>
        )}
      </Box>
    </Grid>
  );
}

function Text(props: { children: ReactNode }) {
  return <Typography variant="body2">{props.children}</Typography>;
}

function OutputPorts(props: {
  ports: DataProductOutputPort[];
  entity: Entity;
  namespace: string;
}) {
  const { ports, entity, namespace } = props;
  const classes = useStyles();
  const { pageItems, pagination } = usePagedItems(
    ports,
    PORTS_PER_PAGE,
    'output ports pages',
  );
  return (
    <>
      <Table size="small" aria-label="Output ports">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Format</TableCell>
            <TableCell>Location</TableCell>
            <TableCell>API</TableCell>
            <TableCell>Contract</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {pageItems.map(port => (
            <TableRow key={port.name}>
              <TableCell>
                <Text>{port.name}</Text>
                {port.description && (
                  <Typography variant="caption" color="textSecondary">
                    {port.description}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>{port.type}</TableCell>
              <TableCell className={classes.nowrap}>
                {port.format ?? '–'}
              </TableCell>
              <TableCell>
                {port.location ? <SafeLink value={port.location} /> : '–'}
              </TableCell>
              <TableCell>
                {port.api ? (
                  <RefLink
                    entityRef={port.api}
                    defaultKind="API"
                    defaultNamespace={namespace}
                  />
                ) : (
                  '–'
                )}
              </TableCell>
              <TableCell>
                {port.contract ? (
                  <SafeLink
                    value={port.contract}
                    href={resolveEntityUrl(port.contract, entity)}
                  />
                ) : (
                  '–'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pagination}
    </>
  );
}

function InputPorts(props: {
  ports: DataProductInputPort[];
  namespace: string;
}) {
  const { ports, namespace } = props;
  const { pageItems, pagination } = usePagedItems(
    ports,
    PORTS_PER_PAGE,
    'input ports pages',
  );
  return (
    <>
      <Table size="small" aria-label="Input ports">
        <TableHead>
          <TableRow>
            <TableCell>Reads</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>Port</TableCell>
            <TableCell>Description</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {pageItems.map((port, i) => (
            <TableRow key={`${port.dataProduct ?? port.source}-${i}`}>
              <TableCell>
                {port.dataProduct ? (
                  <RefLink
                    entityRef={port.dataProduct}
                    defaultKind="DataProduct"
                    defaultNamespace={namespace}
                  />
                ) : (
                  <RefLink
                    entityRef={port.source}
                    defaultKind="Component"
                    defaultNamespace={namespace}
                  />
                )}
              </TableCell>
              <TableCell>
                {port.dataProduct ? 'data product' : 'source'}
              </TableCell>
              <TableCell>{port.port ?? '–'}</TableCell>
              <TableCell>{port.description ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pagination}
    </>
  );
}

/**
 * What a data product is and how to read it: type, lifecycle, domain, owner
 * and team, classification, version, ports with their formats and locations,
 * contracts and documentation links.
 *
 * @public
 */
export function EntityDataProductOverviewCard(props: { title?: string }) {
  const { entity } = useEntity();
  const classes = useStyles();
  const title = props.title ?? 'Data product';

  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'dataproduct' ||
    !entity.spec
  ) {
    return (
      <InfoCard title={title}>
        <EmptyState
          missing="info"
          title="Not a data product"
          description="This card shows DataProduct entities (apiVersion meshwork.dev/v1alpha1)."
        />
      </InfoCard>
    );
  }

  const spec = entity.spec as ProductSpec;
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const classification = spec.classification?.toLocaleLowerCase('en-US');
  const team = spec.team ?? {};
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
        <Field label="Type">{spec.type && <Text>{spec.type}</Text>}</Field>
        <Field label="Lifecycle">
          {spec.lifecycle && <Text>{spec.lifecycle}</Text>}
        </Field>
        <Field label="Version">
          {spec.version && <Text>{spec.version}</Text>}
        </Field>
        <Field label="Domain">
          {spec.domain && (
            <RefLink
              entityRef={spec.domain}
              defaultKind="Domain"
              defaultNamespace={namespace}
            />
          )}
        </Field>
        <Field label="Owner">
          {spec.owner && (
            <RefLink
              entityRef={spec.owner}
              defaultKind="Group"
              defaultNamespace={namespace}
            />
          )}
        </Field>
        <Field label="Classification">
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            <ClassificationChip classification={classification} />
            {spec.containsPii === true && (
              <Chip size="small" variant="outlined" label="contains PII" />
            )}
          </Box>
        </Field>
        <Field label="Retention">
          {typeof spec.retentionDays === 'number' && (
            <Text>{`${spec.retentionDays} days`}</Text>
          )}
        </Field>
        <Field label="Technical owner">
          {team.technicalOwner && (
            <RefLink
              entityRef={team.technicalOwner}
              defaultKind="User"
              defaultNamespace={namespace}
            />
          )}
        </Field>
        <Field label="Business owner">
          {team.businessOwner && (
            <RefLink
              entityRef={team.businessOwner}
              defaultKind="User"
              defaultNamespace={namespace}
            />
          )}
        </Field>
        <Field label="Steward">
          {team.steward && (
            <RefLink
              entityRef={team.steward}
              defaultKind="Group"
              defaultNamespace={namespace}
            />
          )}
        </Field>
        <Field label="On call">
          {team.onCall && <Text>{team.onCall}</Text>}
        </Field>
        <Field label="Channel">
          {team.channel && <Text>{team.channel}</Text>}
        </Field>
        {team.email && (
          <Field label="Email">
            <Text>{team.email}</Text>
          </Field>
        )}
      </Grid>

      <Box className={classes.section}>
        <Typography variant="h6">Output ports</Typography>
        {outputPorts.length ? (
          <OutputPorts
            ports={outputPorts}
            entity={entity}
            namespace={namespace}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            No output ports declared: consumers cannot read this product yet.
          </Typography>
        )}
      </Box>

      <Box className={classes.section}>
        <Typography variant="h6">Input ports</Typography>
        {inputPorts.length ? (
          <InputPorts ports={inputPorts} namespace={namespace} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            No input ports declared.
          </Typography>
        )}
      </Box>

      <Box className={classes.section}>
        <Typography variant="h6">Contract</Typography>
        {contracts.length ? (
          <ul aria-label="Contracts">
            {contracts.map(port => (
              <li key={port.name}>
                <Typography variant="body2" component="span">
                  {`${port.name}: `}
                </Typography>
                <SafeLink
                  value={port.contract!}
                  href={resolveEntityUrl(port.contract!, entity)}
                />
              </li>
            ))}
          </ul>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No data contract declared on the output ports.
          </Typography>
        )}
      </Box>

      <Box className={classes.section}>
        <Typography variant="h6">Documentation</Typography>
        {links.length ? (
          <ul aria-label="Documentation links">
            {links.map((link, i) => (
              <li key={`${link.url}-${i}`}>
                <SafeLink value={link.url} text={link.title ?? link.url} />
              </li>
            ))}
          </ul>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No documentation links (metadata.links).
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
