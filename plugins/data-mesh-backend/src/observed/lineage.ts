/*
 * Copyright 2025 The Meshwork Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import type {
  LineageDriftItem,
  LineageEdge,
  LineageGraphResponse,
  LineageNode,
  LineageNodeKind,
  PortColumnLineage,
} from '@meshwork/plugin-data-mesh-common';
import type { EdgeRecord } from '../database/operations/observed/listEdges';
import type { DatasetColumnLineage } from '../database/operations/observed/listColumnLineage';
import type { PortDataset } from '../database/operations/observed/listProductDatasets';
import type { ObservedStore } from '../database/ObservedStore';
import type { ProductRuns } from '../database/operations/observed/productRuns';
import { iso } from '../lib/time';
import { DATASET_NODE_PREFIX, JOB_NODE_PREFIX } from './naming';
import type { ProductMapping } from './productMapping';

export type LineageDirection = 'upstream' | 'downstream' | 'both';

export function nodeKind(id: string): LineageNodeKind {
  if (id.startsWith(DATASET_NODE_PREFIX)) return 'dataset';
  if (id.startsWith(JOB_NODE_PREFIX)) return 'job';
  if (id.startsWith('dataproduct:')) return 'product';
  return 'source';
}

const edgeKey = (e: { source: string; target: string }) =>
  `${e.source}\u0000${e.target}`;

/** The result of walking the edges table from a node. */
export interface LineageWalk {
  depths: Map<string, number>;
  edges: Map<string, EdgeRecord>;
  cappedByNodes: boolean;
}

/**
 * Walks the lineage graph level by level (one batched query per level and direction,
 * never one per node) up to `depth` hops, stopping to add nodes at `maxNodes`.
 */
export async function walkLineage(
  store: Pick<ObservedStore, 'edgesOf'>,
  root: string,
  options: { direction: LineageDirection; depth: number; maxNodes: number },
): Promise<LineageWalk> {
  const depths = new Map<string, number>([[root, 0]]);
  const edges = new Map<string, EdgeRecord>();
  let cappedByNodes = false;
  const directions: Array<'upstream' | 'downstream'> =
    options.direction === 'both'
      ? ['upstream', 'downstream']
      : [options.direction];
  for (const direction of directions) {
    let frontier = [root];
    for (
      let level = 1;
      level <= options.depth && frontier.length > 0;
      level++
    ) {
      const rows = (await store.edgesOf(frontier, direction)).sort((a, b) =>
        edgeKey(a) < edgeKey(b) ? -1 : 1,
      );
      const next: string[] = [];
      for (const row of rows) {
        const other = direction === 'upstream' ? row.source : row.target;
        if (!depths.has(other)) {
          if (depths.size >= options.maxNodes) {
            cappedByNodes = true;
            continue;
          }
          depths.set(other, direction === 'upstream' ? -level : level);
          next.push(other);
        }
        edges.set(edgeKey(row), row);
      }
      frontier = next;
    }
  }
  return { depths, edges, cappedByNodes };
}

const origin = (e: EdgeRecord): LineageEdge['origin'] => {
  if (e.declared && e.observed) return 'both';
  if (e.declared) return 'declared';
  return e.observed ? 'observed' : 'static';
};

const origins = (e: EdgeRecord): LineageEdge['origins'] => [
  ...(e.declared ? (['declared'] as const) : []),
  ...(e.observed ? (['observed'] as const) : []),
  ...(e.static ? (['static'] as const) : []),
];

/** Options of {@link buildLineageGraph}. */
export interface BuildLineageOptions {
  store: ObservedStore;
  mapping: ProductMapping;
  /** The runs that count for the product (productRuns.ts), for the drift basis. */
  runs: ProductRuns;
  direction: LineageDirection;
  depth: number;
  depthCapped: boolean;
  maxNodes: number;
  driftWindow: string;
  driftWindowMs: number;
  now: number;
  /**
   * Reads catalog entities with the caller's credentials: a title for each ref the
   * caller may see, null for the others (not visible, or not there).
   */
  describeEntities(
    refs: string[],
  ): Promise<Map<string, { title?: string } | null>>;
}

/**
 * A product's lineage graph with drift. The product's own inputs are taken from its
 * entity as just read (the edges table has them as of the last catalog sync). Products
 * and sources the caller may not see are left out with their edges, and so is what was
 * only reachable through them.
 */
export async function buildLineageGraph(
  options: BuildLineageOptions,
): Promise<LineageGraphResponse> {
  const { store, mapping, now } = options;
  const root = mapping.ref;
  const walk = await walkLineage(store, root, options);

  // The root's declared inputs, as its entity says now.
  const liveDeclared = new Map(
    mapping.declaredInputs.map(i => [i.node, i.kind]),
  );
  const rootInputs = new Map<string, EdgeRecord>();
  for (const e of await store.edgesOf([root], 'upstream')) {
    rootInputs.set(e.source, { ...e, declared: liveDeclared.has(e.source) });
  }
  for (const node of liveDeclared.keys()) {
    if (!rootInputs.has(node)) {
      rootInputs.set(node, {
        source: node,
        target: root,
        declared: true,
        observed: false,
      });
    }
  }
  if (options.direction !== 'downstream') {
    for (const [key, e] of walk.edges) {
      if (
        e.target === root &&
        !rootInputs.get(e.source)?.declared &&
        !e.observed &&
        !e.static
      ) {
        walk.edges.delete(key);
      }
    }
    for (const e of rootInputs.values()) {
      if (!walk.depths.has(e.source)) {
        if (walk.depths.size >= options.maxNodes) {
          walk.cappedByNodes = true;
          continue;
        }
        walk.depths.set(e.source, -1);
      }
      walk.edges.set(edgeKey(e), e);
    }
  }

  // Visibility: entity nodes the caller cannot see go, with their edges.
  const entityRefs = [
    ...new Set([...walk.depths.keys(), ...rootInputs.keys()]),
  ].filter(id => {
    const kind = nodeKind(id);
    return (kind === 'product' || kind === 'source') && id !== root;
  });
  const seen = await options.describeEntities(entityRefs);
  const entityRefSet = new Set(entityRefs);
  const visible = (id: string) =>
    id === root || !entityRefSet.has(id) || !!seen.get(id);
  const visibleIds = new Set([...walk.depths.keys()].filter(visible));
  const kept = [...walk.edges.values()].filter(
    e => visibleIds.has(e.source) && visibleIds.has(e.target),
  );
  // ...and so does what was only reachable through them.
  const reachable = new Set([root]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of kept) {
      const up = reachable.has(e.target) && !reachable.has(e.source);
      const down = reachable.has(e.source) && !reachable.has(e.target);
      if (
        (up && (walk.depths.get(e.source) ?? 0) < 0) ||
        (down && (walk.depths.get(e.target) ?? 0) > 0)
      ) {
        reachable.add(up ? e.source : e.target);
        changed = true;
      }
    }
  }

  const described = await store.describeNodes(
    [...reachable]
      .filter(id => nodeKind(id) === 'dataset')
      .map(id => id.slice(DATASET_NODE_PREFIX.length)),
    [...reachable]
      .filter(id => nodeKind(id) === 'job')
      .map(id => id.slice(JOB_NODE_PREFIX.length)),
  );
  const nodes: LineageNode[] = [...reachable]
    .map(id => {
      const kind = nodeKind(id);
      const node: LineageNode = { id, kind, depth: walk.depths.get(id) ?? 0 };
      if (kind === 'product' || kind === 'source') {
        node.entityRef = id;
        const title = seen.get(id)?.title;
        if (title) node.title = title;
      } else if (kind === 'dataset') {
        Object.assign(
          node,
          described.datasets.get(id.slice(DATASET_NODE_PREFIX.length)),
        );
      } else {
        Object.assign(
          node,
          described.jobs.get(id.slice(JOB_NODE_PREFIX.length)),
        );
      }
      return node;
    })
    .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  const edges: LineageEdge[] = kept
    .filter(e => reachable.has(e.source) && reachable.has(e.target))
    .map(e => ({
      source: e.source,
      target: e.target,
      origin: origin(e),
      origins: origins(e),
      ...(e.observed && e.observedLastAt !== undefined
        ? { lastObservedAt: iso(e.observedLastAt) }
        : {}),
    }))
    .sort((a, b) => edgeKey(a).localeCompare(edgeKey(b)));

  /*
   * Drift of the root's inputs, judged on the runs that count for the product:
   * - observedUndeclared: inputs runs read within the window that the entity does not
   *   declare; static lineage alone (a JobEvent) never makes an input undeclared drift;
   * - declaredUnseen: declared input products no run read within the window, when the
   *   product had runs in it. A declared input that a JobEvent shows (static lineage:
   *   the job is defined to read it) is not declaredUnseen even if no run read it in the
   *   window: the definition agrees with the declaration, and a job may read an input
   *   only on some runs.
   */
  const windowStart = now - options.driftWindowMs;
  const runs = await store.countTerminalRuns(options.runs, windowStart);
  const declaresSources = [...liveDeclared.values()].includes('source');
  const inputs = [...rootInputs.values()].filter(e => visible(e.source));
  const item = (e: EdgeRecord): LineageDriftItem => ({
    node: e.source,
    kind: nodeKind(e.source),
    ...(e.observed && e.observedLastAt !== undefined
      ? { lastObservedAt: iso(e.observedLastAt) }
      : {}),
  });
  const observedUndeclared = inputs
    .filter(
      e =>
        e.observed &&
        !e.declared &&
        (e.observedLastAt ?? 0) >= windowStart &&
        // Raw datasets are taken to come from the operational sources a product declares.
        !(nodeKind(e.source) === 'dataset' && declaresSources),
    )
    .map(item);
  const declaredUnseen =
    runs > 0
      ? inputs
          .filter(
            e =>
              e.declared &&
              liveDeclared.get(e.source) === 'product' &&
              !e.static &&
              (!e.observed || (e.observedLastAt ?? 0) < windowStart),
          )
          .map(item)
      : [];

  const partialReasons: Array<'depth' | 'nodes'> = [];
  if (options.depthCapped) partialReasons.push('depth');
  if (walk.cappedByNodes) partialReasons.push('nodes');
  return {
    root,
    direction: options.direction,
    depth: options.depth,
    nodes,
    edges,
    partial: partialReasons.length > 0,
    ...(partialReasons.length ? { partialReasons } : {}),
    drift: {
      window: options.driftWindow,
      observedRunsInWindow: runs,
      observedUndeclared,
      declaredUnseen,
    },
  };
}

const LOCATION = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)\/?(.*)$/i;

/**
 * The column lineage of one output port: of the datasets its location matches, the one
 * with the latest column lineage (else the first by id); a port that matches no dataset
 * is named by its location (`scheme://host` as namespace, the path as name; a bare table
 * name with an empty namespace) and has no columns.
 */
export function portColumnLineage(
  port: { name: string; location: string },
  datasets: PortDataset[],
  lineage: Map<string, DatasetColumnLineage>,
): PortColumnLineage {
  let best: PortDataset | undefined;
  for (const d of datasets) {
    const at = lineage.get(d.datasetId)?.observedAt;
    const bestAt = best ? lineage.get(best.datasetId)?.observedAt : undefined;
    if (!best || (at !== undefined && (bestAt === undefined || at > bestAt))) {
      best = d;
    }
  }
  if (!best) {
    const m = LOCATION.exec(port.location.trim());
    return {
      port: port.name,
      dataset: m
        ? { namespace: m[1], name: m[2] }
        : { namespace: '', name: port.location.trim() },
      columns: [],
    };
  }
  const found = lineage.get(best.datasetId);
  return {
    port: port.name,
    dataset: { namespace: best.namespace, name: best.name },
    columns: found?.columns ?? [],
    ...(found?.observedAt !== undefined
      ? { observedAt: iso(found.observedAt) }
      : {}),
  };
}
