import type {
  LineageEdge,
  LineageEdgeOrigin,
  LineageGraphResponse,
  LineageNode,
} from '@meshwork/plugin-data-mesh-common';

/**
 * How an edge is drawn: what the owner declared, what ran, both, what only a
 * job definition shows (static), or drift.
 */
export type EdgeStyle = LineageEdgeOrigin | 'drift';

/** A node as the card draws it. */
export interface ViewNode {
  id: string;
  node: LineageNode;
  /** What the node shows. */
  label: string;
  /** Whether it is the product whose page this is. */
  root: boolean;
  /** Neighbours in the loaded graph that are not shown. */
  hidden: number;
  /** Whether more lineage may exist beyond what was loaded (frontier product). */
  frontier: boolean;
}

/** An edge as the card draws it. */
export interface ViewEdge {
  from: string;
  to: string;
  style: EdgeStyle;
  /** Why it is drift, for drift edges. */
  drift?: 'observed-undeclared' | 'declared-unseen';
}

export interface LineageView {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Nodes in the loaded graph. */
  total: number;
}

/** Nodes shown before anyone expands anything. */
export const DEFAULT_NODE_LIMIT = 50;

export function nodeLabel(node: LineageNode): string {
  if (node.title) return node.title;
  if (node.entityRef) {
    const name = node.entityRef.split('/').pop();
    if (name) return name;
  }
  if (node.name) return node.name;
  return node.id;
}

function edgeKey(source: string, target: string) {
  return `${source}\u0000${target}`;
}

type EdgeSource = LineageEdge['origins'][number];

/** Where an edge is known from; answers of older backends only give `origin`. */
export function edgeOrigins(edge: LineageEdge): EdgeSource[] {
  if (edge.origins?.length) return edge.origins;
  return edge.origin === 'both' ? ['declared', 'observed'] : [edge.origin];
}

/**
 * The one origin an edge is drawn with: `both` when declared and observed,
 * else declared, else observed; `static` when only a job definition
 * (OpenLineage JobEvent) shows it.
 */
export function originOf(origins: readonly EdgeSource[]): LineageEdgeOrigin {
  const declared = origins.includes('declared');
  const observed = origins.includes('observed');
  if (declared && observed) return 'both';
  if (declared) return 'declared';
  if (observed) return 'observed';
  return 'static';
}

/**
 * Merges lineage loaded around another node (an expanded frontier product)
 * into the graph already shown; depths of new nodes are counted from the
 * expanded node's.
 */
export function mergeLineage(
  graph: LineageGraphResponse,
  addition: LineageGraphResponse,
): LineageGraphResponse {
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));
  const base = nodes.get(addition.root)?.depth ?? 0;
  for (const node of addition.nodes) {
    if (!nodes.has(node.id)) {
      nodes.set(node.id, { ...node, depth: base + node.depth });
    }
  }
  const edges = new Map(graph.edges.map(e => [edgeKey(e.source, e.target), e]));
  for (const edge of addition.edges) {
    const key = edgeKey(edge.source, edge.target);
    const known = edges.get(key);
    if (!known) {
      edges.set(key, edge);
    } else {
      const origins = [
        ...new Set([...edgeOrigins(known), ...edgeOrigins(edge)]),
      ].sort();
      edges.set(key, { ...known, origins, origin: originOf(origins) });
    }
  }
  return {
    ...graph,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    partial: graph.partial || addition.partial,
  };
}

/**
 * What the card shows of a lineage graph: the nodes closest to the product
 * first (breadth-first), at most `limit` of them, plus every neighbour of the
 * nodes someone expanded; edges between shown nodes, styled by where they are
 * known from, with the product's drift marked.
 */
export function buildLineageView(
  graph: LineageGraphResponse,
  options: {
    limit?: number;
    expanded?: ReadonlySet<string>;
    /** Nodes whose lineage was loaded by expanding them. */
    loadedAround?: ReadonlySet<string>;
    showAll?: boolean;
    /** What the root shows when the graph gives it no title (the entity's title). */
    rootTitle?: string;
  } = {},
): LineageView {
  const limit = options.showAll
    ? Infinity
    : options.limit ?? DEFAULT_NODE_LIMIT;
  const expanded = options.expanded ?? new Set<string>();
  const loadedAround = options.loadedAround ?? new Set<string>();
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    let list = neighbours.get(a);
    if (!list) {
      list = [];
      neighbours.set(a, list);
    }
    list.push(b);
  };
  const edges: LineageEdge[] = [];
  for (const e of graph.edges) {
    if (!byId.has(e.source) || !byId.has(e.target) || e.source === e.target) {
      continue;
    }
    edges.push(e);
    link(e.source, e.target);
    link(e.target, e.source);
  }
  // Neighbours closest to the root first, then by label, so the view is stable.
  const order = (a: string, b: string) => {
    const na = byId.get(a)!;
    const nb = byId.get(b)!;
    return (
      Math.abs(na.depth) - Math.abs(nb.depth) ||
      nodeLabel(na).localeCompare(nodeLabel(nb))
    );
  };
  for (const list of neighbours.values()) list.sort(order);

  const shown = new Set<string>();
  if (byId.has(graph.root)) {
    const queue = [graph.root];
    const seen = new Set(queue);
    while (queue.length && shown.size < limit) {
      const id = queue.shift()!;
      shown.add(id);
      for (const next of neighbours.get(id) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  // Expanding reveals a node's neighbours, whatever the limit; the revealed
  // nodes can be expanded in turn.
  for (const id of expanded) {
    if (!shown.has(id)) continue;
    for (const next of neighbours.get(id) ?? []) shown.add(next);
  }

  const maxDepth = graph.depth;
  const nodes: ViewNode[] = [...shown].map(id => {
    const node = byId.get(id)!;
    const hidden = (neighbours.get(id) ?? []).filter(n => !shown.has(n)).length;
    return {
      id,
      node,
      label:
        id === graph.root && !node.title && options.rootTitle
          ? options.rootTitle
          : nodeLabel(node),
      root: id === graph.root,
      hidden,
      frontier:
        node.kind === 'product' &&
        id !== graph.root &&
        Math.abs(node.depth) >= maxDepth &&
        !loadedAround.has(id),
    };
  });

  const undeclared = new Set(graph.drift.observedUndeclared.map(d => d.node));
  const unseen = new Set(graph.drift.declaredUnseen.map(d => d.node));
  const viewEdges: ViewEdge[] = [];
  const seenEdges = new Set<string>();
  for (const e of edges) {
    if (!shown.has(e.source) || !shown.has(e.target)) continue;
    const key = edgeKey(e.source, e.target);
    if (seenEdges.has(key)) continue;
    seenEdges.add(key);
    const intoRoot = e.target === graph.root;
    if (intoRoot && undeclared.has(e.source)) {
      viewEdges.push({
        from: e.source,
        to: e.target,
        style: 'drift',
        drift: 'observed-undeclared',
      });
    } else if (intoRoot && unseen.has(e.source)) {
      viewEdges.push({
        from: e.source,
        to: e.target,
        style: 'drift',
        drift: 'declared-unseen',
      });
    } else {
      viewEdges.push({ from: e.source, to: e.target, style: e.origin });
    }
  }
  return { nodes, edges: viewEdges, total: byId.size };
}
