import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ProductColumnLineageResponse } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { dataMeshTranslationRef } from '../../translation';

type Port = ProductColumnLineageResponse['ports'][number];
type Column = Port['columns'][number];
type Input = Column['inputs'][number];

/** Output columns a port shows before someone asks for all of them. */
export const COLUMN_LIMIT = 100;

const useStyles = makeStyles(
  theme => ({
    port: { marginTop: theme.spacing(2) },
    filter: { minWidth: 240, marginBottom: theme.spacing(1) },
    column: {
      fontFamily: theme.typography.fontFamily,
      fontWeight: 500,
      lineHeight: '22px',
    },
    input: {
      display: 'block',
      whiteSpace: 'nowrap',
      lineHeight: '22px',
      minHeight: 22,
    },
    dataset: { color: theme.palette.text.secondary },
    masked: {
      marginLeft: theme.spacing(1),
      height: 18,
      verticalAlign: 'middle',
    },
    cell: { verticalAlign: 'top' },
  }),
  { name: 'MeshworkDataMeshColumnLineage' },
);

/** A dataset's short name: its last path segment (`sales.db/orders` -> `orders`). */
const shortName = (name: string) =>
  name.split('/').filter(Boolean).pop() ?? name;

function transformationText(input: Input): string {
  return input.transformations
    .map(tr =>
      [tr.subtype ? `${tr.type} / ${tr.subtype}` : tr.type, tr.description]
        .filter(Boolean)
        .join(': '),
    )
    .join('; ');
}

/** Lowercased text a filter is matched against, computed once per column. */
function searchText(column: Column): string {
  return [
    column.name,
    ...column.inputs.flatMap(i => [i.field, i.name, i.namespace]),
  ]
    .join('\n')
    .toLocaleLowerCase('en-US');
}

const ColumnRow = memo(function ColumnLineageRow(props: { column: Column }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const { column } = props;
  return (
    <TableRow data-column={column.name}>
      <TableCell className={`${classes.cell} ${classes.column}`}>
        {column.name}
      </TableCell>
      <TableCell className={classes.cell}>
        {column.inputs.length === 0 ? (
          <Typography variant="caption" color="textSecondary">
            {t('lineageCard.columns.noInputs')}
          </Typography>
        ) : (
          column.inputs.map(input => (
            <span
              key={`${input.namespace}\u0000${input.name}\u0000${input.field}`}
              className={classes.input}
              title={`${input.namespace}/${input.name}`}
            >
              <span className={classes.dataset}>{shortName(input.name)}.</span>
              {input.field}
            </span>
          ))
        )}
      </TableCell>
      <TableCell className={classes.cell}>
        {column.inputs.map(input => (
          <span
            key={`${input.namespace}\u0000${input.name}\u0000${input.field}`}
            className={classes.input}
          >
            {transformationText(input) || '–'}
            {input.transformations.some(tr => tr.masking) && (
              <Chip
                size="small"
                label={t('lineageCard.columns.masked')}
                className={classes.masked}
              />
            )}
          </span>
        ))}
      </TableCell>
    </TableRow>
  );
});

function PortColumns(props: { port: Port; filter: string }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const { port, filter } = props;
  const [showAll, setShowAll] = useState(false);
  const indexed = useMemo(
    () => port.columns.map(c => ({ column: c, text: searchText(c) })),
    [port.columns],
  );
  const matching = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase('en-US');
    return needle
      ? indexed.filter(c => c.text.includes(needle)).map(c => c.column)
      : port.columns;
  }, [indexed, filter, port.columns]);
  const shown = showAll ? matching : matching.slice(0, COLUMN_LIMIT);
  const dataset = `${port.dataset.namespace}/${port.dataset.name}`;

  return (
    <Box className={classes.port} component="section" aria-label={port.port}>
      <Typography variant="subtitle2">
        {t('lineageCard.columns.port', { port: port.port, dataset })}
      </Typography>
      {port.observedAt && (
        <Typography variant="caption" color="textSecondary">
          {t('lineageCard.columns.observedAt', {
            time: new Date(port.observedAt).toLocaleString(),
          })}
        </Typography>
      )}
      {port.columns.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('lineageCard.columns.none')}
        </Typography>
      )}
      {port.columns.length > 0 && matching.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('lineageCard.columns.noMatch', { filter })}
        </Typography>
      )}
      {shown.length > 0 && (
        <Table
          size="small"
          aria-label={t('lineageCard.columns.port', {
            port: port.port,
            dataset,
          })}
        >
          <TableHead>
            <TableRow>
              <TableCell>{t('lineageCard.columns.column')}</TableCell>
              <TableCell>{t('lineageCard.columns.inputs')}</TableCell>
              <TableCell>{t('lineageCard.columns.transformation')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map(column => (
              <ColumnRow key={column.name} column={column} />
            ))}
          </TableBody>
        </Table>
      )}
      {shown.length < matching.length && (
        <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
          <Typography variant="caption" color="textSecondary">
            {t('lineageCard.columns.showing', {
              shown: String(shown.length),
              total: String(matching.length),
            })}
          </Typography>
          <Button
            size="small"
            variant="outlined"
            onClick={() => setShowAll(true)}
          >
            {t('lineageCard.columns.showAll', {
              total: String(matching.length),
            })}
          </Button>
        </Box>
      )}
    </Box>
  );
}

/**
 * The column view of the lineage card: per output port, each output column
 * with its input columns and the transformation, from the columnLineage
 * facets of the runs that write the port. Loaded when opened; a port shows
 * its first {@link COLUMN_LIMIT} columns (filter, or show all, for more).
 */
export function ColumnLineageView(props: { product: CompoundEntityRef }) {
  const api = useApi(dataMeshApiRef);
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const { loading, error, value } = useAsync(
    () => api.getColumnLineage(props.product),
    [api, props.product],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.ports.length === 0) {
    return <EmptyState missing="data" title={t('lineageCard.columns.empty')} />;
  }
  const anyColumns = value.ports.some(p => p.columns.length > 0);
  return (
    <Box>
      {anyColumns && (
        <TextField
          id="meshwork-column-lineage-filter"
          className={classes.filter}
          label={t('lineageCard.columns.filter')}
          value={filter}
          onChange={e => setFilter(e.target.value)}
          size="small"
        />
      )}
      {value.ports.map(port => (
        <PortColumns
          key={`${port.port}\u0000${port.dataset.namespace}\u0000${port.dataset.name}`}
          port={port}
          filter={deferredFilter}
        />
      ))}
    </Box>
  );
}
