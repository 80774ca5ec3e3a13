import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { KeyboardEvent, MouseEvent, useCallback, useMemo } from 'react';
import { dataMeshTranslationRef } from '../../translation';
import type { EdgeStyle, LineageView, ViewEdge, ViewNode } from './lineageView';

const MAX_LABEL = 28;
const NODE_HEIGHT = 40;

/**
 * The graph's height in pixels: enough for the fullest column of nodes at full size,
 * between 240 and 640; a larger layout is scaled down to fit.
 */
export function graphHeight(view: LineageView): number {
  const perDepth = new Map<number, number>();
  for (const n of view.nodes) {
    perDepth.set(n.node.depth, (perDepth.get(n.node.depth) ?? 0) + 1);
  }
  const fullest = Math.max(1, ...perDepth.values());
  return Math.min(640, Math.max(240, fullest * (NODE_HEIGHT + 16) + 40));
}

const useStyles = makeStyles(
  theme => ({
    node: {
      cursor: 'pointer',
      '&:focus': { outline: 'none' },
      '&:focus > rect:first-of-type': {
        stroke: theme.palette.primary.dark,
        strokeWidth: 3,
      },
    },
    inert: { cursor: 'default' },
    text: {
      fontSize: 12,
      fill: theme.palette.text.primary,
      pointerEvents: 'none',
    },
    kind: {
      fontSize: 9,
      fill: theme.palette.text.secondary,
      textTransform: 'uppercase',
      pointerEvents: 'none',
    },
    badge: { cursor: 'pointer' },
    badgeText: {
      fontSize: 10,
      fill: theme.palette.primary.contrastText,
      pointerEvents: 'none',
      fontWeight: 'bold',
    },
  }),
  { name: 'MeshworkDataMeshLineageGraph' },
);

/** Stroke colour, dash pattern and width of each edge style. */
export function useEdgeStyles(): Record<
  EdgeStyle,
  { stroke: string; dash?: string; width: number; label: string }
> {
  const theme = useTheme();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return useMemo(
    () => ({
      both: {
        stroke: theme.palette.success.main,
        width: 2.5,
        label: t('lineageCard.edges.both'),
      },
      declared: {
        stroke: theme.palette.text.secondary,
        width: 1.5,
        label: t('lineageCard.edges.declared'),
      },
      observed: {
        stroke: theme.palette.info.main,
        dash: '6 4',
        width: 1.5,
        label: t('lineageCard.edges.observed'),
      },
      static: {
        stroke: theme.palette.secondary.main,
        dash: '10 3 2 3',
        width: 1.5,
        label: t('lineageCard.edges.static'),
      },
      drift: {
        stroke: theme.palette.error.main,
        dash: '2 3',
        width: 2.5,
        label: t('lineageCard.edges.drift'),
      },
    }),
    [theme, t],
  );
}

const NODE_KINDS = ['product', 'source', 'dataset', 'job'] as const;

function truncate(text: string) {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

/** A polyline through dagre's points, with rounded joins. */
function edgePath(points: Array<{ x: number; y: number }>): string {
  const finite = points.filter(
    p => Number.isFinite(p.x) && Number.isFinite(p.y),
  );
  if (finite.length < 2) return '';
  let d = `M${finite[0].x},${finite[0].y}`;
  for (let i = 1; i < finite.length - 1; i++) {
    const p = finite[i];
    const next = finite[i + 1];
    d += ` Q${p.x},${p.y} ${(p.x + next.x) / 2},${(p.y + next.y) / 2}`;
  }
  const last = finite[finite.length - 1];
  d += ` L${last.x},${last.y}`;
  return d;
}

export interface LineageGraphProps {
  view: LineageView;
  /** Called when a node that is a catalog entity is chosen. */
  onOpen(node: ViewNode): void;
  /** Called when a node's hidden or further lineage is asked for. */
  onExpand(node: ViewNode): void;
}

/** The lineage graph itself: Backstage's DependencyGraph with Meshwork's nodes and edges. */
export function LineageGraph(props: LineageGraphProps) {
  const { view, onOpen, onExpand } = props;
  const classes = useStyles();
  const theme = useTheme();
  const edgeStyles = useEdgeStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);

  const nodes = useMemo(() => view.nodes.map(n => ({ ...n })), [view.nodes]);
  const edges = useMemo(() => view.edges.map(e => ({ ...e })), [view.edges]);
  // The graph renders its nodes and edges several times per layout: their
  // texts are worked out once per view, not on every render.
  const nodeTexts = useMemo(() => {
    // Kinds the backend may add later read as they are.
    const kindLabel = (kind: string) =>
      (NODE_KINDS as readonly string[]).includes(kind)
        ? t(`lineageCard.kinds.${kind as (typeof NODE_KINDS)[number]}`)
        : kind;
    return new Map(
      view.nodes.map(n => {
        const kind = kindLabel(n.node.kind);
        return [
          n.id,
          {
            kind,
            name: t('lineageCard.graph.node', { label: n.label, kind }),
            expand:
              n.hidden > 0
                ? t('lineageCard.graph.expandHidden', {
                    label: n.label,
                    hidden: String(n.hidden),
                  })
                : t('lineageCard.graph.expandMore', { label: n.label }),
          },
        ];
      }),
    );
  }, [view.nodes, t]);
  const edgeTitles = useMemo(
    () =>
      new Map(
        view.edges.map(e => [
          `${e.from}->${e.to}`,
          t('lineageCard.graph.edge', {
            from: e.from,
            to: e.to,
            style: edgeStyles[e.style].label,
          }),
        ]),
      ),
    [view.edges, edgeStyles, t],
  );
  const large = nodes.length > 60;

  const renderNode = useCallback(
    ({ node }: DependencyGraphTypes.RenderNodeProps<ViewNode>) => {
      const navigable = Boolean(node.node.entityRef);
      const texts = nodeTexts.get(node.id);
      const label = truncate(node.label);
      const width = Math.max(90, label.length * 7 + 24);
      const height = NODE_HEIGHT;
      let fill: string = theme.palette.background.paper;
      if (node.node.kind === 'product') fill = theme.palette.background.default;
      const expandable = node.hidden > 0 || node.frontier;
      const open = () => navigable && onOpen(node);
      const onKeyDown = (event: KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      };
      const expand = (event: MouseEvent | KeyboardEvent) => {
        event.stopPropagation();
        onExpand(node);
      };
      return (
        <g>
          <g
            className={navigable ? classes.node : classes.inert}
            role={navigable ? 'link' : 'img'}
            aria-label={texts?.name}
            tabIndex={navigable ? 0 : undefined}
            onClick={open}
            onKeyDown={navigable ? onKeyDown : undefined}
            data-node-id={node.id}
          >
            <title>
              {node.node.entityRef ??
                `${node.node.namespace ?? ''}/${node.node.name ?? node.id}`}
            </title>
            <rect
              width={width}
              height={height}
              rx={6}
              fill={fill}
              stroke={
                node.root ? theme.palette.primary.main : theme.palette.divider
              }
              strokeWidth={node.root ? 3 : 1}
              strokeDasharray={node.node.kind === 'dataset' ? '4 2' : undefined}
            />
            <text x={12} y={15} className={classes.kind}>
              {texts?.kind}
            </text>
            <text
              x={12}
              y={31}
              className={classes.text}
              fontWeight={node.root ? 'bold' : undefined}
            >
              {label}
            </text>
          </g>
          {expandable && (
            <g
              className={classes.badge}
              role="button"
              tabIndex={0}
              aria-label={texts?.expand}
              onClick={expand}
              onKeyDown={event => {
                if (event.key === 'Enter' || event.key === ' ') expand(event);
              }}
            >
              <circle
                cx={width}
                cy={0}
                r={10}
                fill={theme.palette.primary.main}
              />
              <text
                x={width}
                y={3.5}
                textAnchor="middle"
                className={classes.badgeText}
              >
                {node.hidden > 0 ? `+${node.hidden}` : '+'}
              </text>
            </g>
          )}
        </g>
      );
    },
    [classes, theme, onOpen, onExpand, nodeTexts],
  );

  const renderEdge = useCallback(
    ({ edge }: DependencyGraphTypes.RenderEdgeProps<ViewEdge>) => {
      const style = edgeStyles[edge.style];
      const d = edgePath(edge.points ?? []);
      if (!d) return null;
      return (
        <path
          key={`${edge.from}->${edge.to}`}
          d={d}
          fill="none"
          stroke={style.stroke}
          strokeWidth={style.width}
          strokeDasharray={style.dash}
          markerEnd="url(#meshwork-lineage-arrow)"
          data-edge-style={edge.style}
          data-edge={`${edge.from}->${edge.to}`}
        >
          <title>{edgeTitles.get(`${edge.from}->${edge.to}`)}</title>
        </path>
      );
    },
    [edgeStyles, edgeTitles],
  );

  const defs = useMemo(
    () => (
      <marker
        id="meshwork-lineage-arrow"
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerWidth="7"
        markerHeight="7"
        orient="auto-start-reverse"
      >
        <path d="M 0 0 L 10 5 L 0 10 z" fill={theme.palette.text.secondary} />
      </marker>
    ),
    [theme],
  );

  return (
    <DependencyGraph<ViewNode, ViewEdge>
      nodes={nodes}
      edges={edges}
      renderNode={renderNode}
      renderEdge={renderEdge}
      defs={defs}
      direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
      ranker={
        large
          ? DependencyGraphTypes.Ranker.LONGEST_PATH
          : DependencyGraphTypes.Ranker.NETWORK_SIMPLEX
      }
      nodeMargin={large ? 12 : 16}
      rankMargin={large ? 60 : 80}
      zoom="enable-on-click"
      fit="contain"
      paddingX={16}
      paddingY={16}
      style={{ width: '100%', height: graphHeight(view) }}
      aria-label={t('lineageCard.graph.label')}
    />
  );
}
