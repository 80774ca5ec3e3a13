import { getCompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import type { LineageGraphResponse } from '@meshwork/plugin-data-mesh-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef, LineageDirection } from '../../api/DataMeshApi';
import { dataMeshTranslationRef } from '../../translation';
import type { EntityDataProductLineageCardProps } from '../types';
import { SelectField } from '../shared';
import { ColumnLineageView } from './ColumnLineageView';
import { LineageGraph, useEdgeStyles } from './LineageGraph';
import {
  buildLineageView,
  DEFAULT_NODE_LIMIT,
  EdgeStyle,
  mergeLineage,
  nodeLabel,
  ViewNode,
} from './lineageView';

const useStyles = makeStyles(
  theme => ({
    controls: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'flex-end',
      gap: theme.spacing(2),
      marginBottom: theme.spacing(1),
    },
    select: { minWidth: 120 },
    graph: {
      overflow: 'hidden',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      position: 'relative',
    },
    legend: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      marginTop: theme.spacing(1),
      alignItems: 'center',
    },
    drift: { marginTop: theme.spacing(1) },
    views: { minHeight: 36, marginBottom: theme.spacing(1) },
    viewTab: { minHeight: 36, minWidth: 96 },
  }),
  { name: 'MeshworkDataMeshLineageCard' },
);

const DEPTHS = [1, 2, 3, 4, 5];
const DIRECTIONS: LineageDirection[] = ['both', 'upstream', 'downstream'];

function Legend() {
  const classes = useStyles();
  const styles = useEdgeStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <Box
      className={classes.legend}
      aria-label={t('lineageCard.legend')}
      role="list"
    >
      {(Object.keys(styles) as EdgeStyle[]).map(key => (
        <Box key={key} display="flex" alignItems="center" role="listitem">
          <svg width={32} height={10} aria-hidden>
            <line
              x1={0}
              x2={32}
              y1={5}
              y2={5}
              stroke={styles[key].stroke}
              strokeWidth={styles[key].width}
              strokeDasharray={styles[key].dash}
            />
          </svg>
          <Typography variant="caption" style={{ marginLeft: 4 }}>
            {styles[key].label}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function DriftSummary(props: { graph: LineageGraphResponse }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const { drift, nodes } = props.graph;
  const label = (id: string) => {
    const node = nodes.find(n => n.id === id);
    return node ? nodeLabel(node) : id;
  };
  if (!drift.observedUndeclared.length && !drift.declaredUnseen.length) {
    return null;
  }
  return (
    <Box className={classes.drift}>
      <Typography variant="subtitle2">
        {t('lineageCard.drift.title', { window: drift.window })}
      </Typography>
      {drift.observedUndeclared.length > 0 && (
        <Typography variant="body2">
          {t('lineageCard.drift.undeclared', {
            nodes: drift.observedUndeclared.map(d => label(d.node)).join(', '),
          })}
        </Typography>
      )}
      {drift.declaredUnseen.length > 0 && (
        <Typography variant="body2">
          {t('lineageCard.drift.unseen', {
            nodes: drift.declaredUnseen.map(d => label(d.node)).join(', '),
          })}
        </Typography>
      )}
    </Box>
  );
}

type LineageCardView = 'graph' | 'columns';

/**
 * A data product's lineage: upstream and downstream products, sources,
 * datasets and consumers, with declared, observed, static (job definition
 * only) and drifting edges drawn differently. Shows the closest nodes first
 * (at most 50); expand a node to see more, click one to open its page. The
 * Columns view lists each output column with its input columns and the
 * transformation.
 */
export function EntityDataProductLineageCard(
  props: EntityDataProductLineageCardProps,
) {
  const { entity } = useEntity();
  const api = useApi(dataMeshApiRef);
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const navigate = useNavigate();
  const entityRoute = useRouteRef(entityRouteRef);
  const [depth, setDepth] = useState(props.initialDepth ?? 1);
  const [direction, setDirection] = useState<LineageDirection>(
    props.initialDirection ?? 'both',
  );
  const [showAll, setShowAll] = useState(false);
  const [cardView, setCardView] = useState<LineageCardView>('graph');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [loadedAround, setLoadedAround] = useState<ReadonlySet<string>>(
    new Set(),
  );
  const [graph, setGraph] = useState<LineageGraphResponse>();
  const [expandError, setExpandError] = useState<Error>();

  const product = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { loading, error, value } = useAsync(
    () => api.getLineage(product, { depth, direction }),
    [api, product, depth, direction],
  );
  useEffect(() => {
    setGraph(value);
    setExpanded(new Set());
    setLoadedAround(new Set());
    setShowAll(false);
  }, [value]);

  const view = useMemo(
    () =>
      graph
        ? buildLineageView(graph, {
            expanded,
            loadedAround,
            showAll,
            rootTitle: entity.metadata.title ?? entity.metadata.name,
          })
        : undefined,
    [graph, expanded, loadedAround, showAll, entity],
  );

  const onOpen = useCallback(
    (node: ViewNode) => {
      if (!node.node.entityRef) return;
      try {
        const ref = parseEntityRef(node.node.entityRef);
        navigate(
          entityRoute({
            kind: ref.kind.toLocaleLowerCase('en-US'),
            namespace: ref.namespace.toLocaleLowerCase('en-US'),
            name: ref.name,
          }),
        );
      } catch {
        // not a catalog entity: nothing to open
      }
    },
    [entityRoute, navigate],
  );

  const onExpand = useCallback(
    async (node: ViewNode) => {
      setExpanded(current => new Set(current).add(node.id));
      if (!node.frontier || !node.node.entityRef) return;
      try {
        const ref = parseEntityRef(node.node.entityRef);
        const more = await api.getLineage(ref, {
          depth: 1,
          direction: node.node.depth < 0 ? 'upstream' : 'downstream',
        });
        setGraph(current => (current ? mergeLineage(current, more) : current));
        setLoadedAround(current => new Set(current).add(node.id));
        setExpandError(undefined);
      } catch (e) {
        setExpandError(e as Error);
      }
    },
    [api],
  );

  const controls = (
    <Box className={classes.controls}>
      <SelectField<number>
        id="meshwork-lineage-depth"
        label={t('lineageCard.depth')}
        value={depth}
        onChange={setDepth}
        options={DEPTHS.map(
          d => [d, t('lineageCard.hops', { count: d })] as const,
        )}
        className={classes.select}
      />
      <SelectField<LineageDirection>
        id="meshwork-lineage-direction"
        label={t('lineageCard.direction')}
        value={direction}
        onChange={setDirection}
        options={DIRECTIONS.map(
          d => [d, t(`lineageCard.directions.${d}`)] as const,
        )}
        className={classes.select}
      />
      {view && view.total > DEFAULT_NODE_LIMIT && (
        <Button
          size="small"
          variant="outlined"
          onClick={() => setShowAll(!showAll)}
        >
          {showAll
            ? t('lineageCard.showClosest', {
                limit: String(DEFAULT_NODE_LIMIT),
              })
            : t('lineageCard.showAll', { total: String(view.total) })}
        </Button>
      )}
    </Box>
  );

  const views = (
    <Tabs
      value={cardView}
      onChange={(_e, v: LineageCardView) => setCardView(v)}
      aria-label={t('lineageCard.views.label')}
      indicatorColor="primary"
      className={classes.views}
    >
      <Tab
        value="graph"
        label={t('lineageCard.views.graph')}
        className={classes.viewTab}
      />
      <Tab
        value="columns"
        label={t('lineageCard.views.columns')}
        className={classes.viewTab}
      />
    </Tabs>
  );

  let content;
  if (cardView === 'columns') {
    content = <ColumnLineageView product={product} />;
  } else if (loading && !graph) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!graph || !view) {
    content = <Progress />;
  } else if (view.edges.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title={t('lineageCard.empty.title')}
        description={t('lineageCard.empty.description')}
      />
    );
  } else {
    const hidden = view.total - view.nodes.length;
    content = (
      <>
        {graph.partial && (
          <WarningPanel
            severity="info"
            title={t('lineageCard.partial.title')}
            message={
              graph.partialReasons?.includes('nodes')
                ? t('lineageCard.partial.nodes')
                : t('lineageCard.partial.depth', { depth: String(graph.depth) })
            }
          />
        )}
        <Typography variant="body2" color="textSecondary">
          {t(hidden > 0 ? 'lineageCard.showingSome' : 'lineageCard.showing', {
            shown: String(view.nodes.length),
            total: String(view.total),
          })}
        </Typography>
        {expandError && <ResponseErrorPanel error={expandError} />}
        <Box className={classes.graph}>
          <LineageGraph view={view} onOpen={onOpen} onExpand={onExpand} />
        </Box>
        <Legend />
        <DriftSummary graph={graph} />
      </>
    );
  }

  return (
    <InfoCard title={props.title ?? t('lineageCard.title')} variant="gridItem">
      {views}
      {cardView === 'graph' && controls}
      {content}
    </InfoCard>
  );
}
