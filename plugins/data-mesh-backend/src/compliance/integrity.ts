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

import {
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  isDataProductEntity,
  parseInputPortRef,
  parseOutputPortApiRef,
  type DataProductEntity,
} from '@meshwork/plugin-data-mesh-common';
import type {
  PolicyResult,
  ProductEvaluation,
} from '@meshwork/plugin-data-mesh-common';
import {
  countResults,
  scoreResults,
  statusOfResults,
} from '@meshwork/plugin-data-mesh-node';

/*
 * What a catalog processor cannot see, because it looks at one entity at a time: refs
 * that point at nothing, and products that depend on themselves through others. The
 * compliance sweep sees the whole mesh, so it reports both as two more rows on each
 * product's compliance result.
 */

/** The ids of the mesh-wide integrity checks. */
export const INTEGRITY_CHECK_IDS = [
  'references-resolve',
  'lineage-acyclic',
] as const;

interface ProductRefs {
  /** Field path and the ref it names, e.g. `['spec.domain', 'domain:default/sales']`. */
  refs: Array<[string, string]>;
  /** Refs of the data products it reads from. */
  inputProducts: string[];
}

function refsOf(product: DataProductEntity): ProductRefs {
  const ctx = { defaultNamespace: getCompoundEntityRef(product).namespace };
  const refs: Array<[string, string]> = [];
  const inputProducts: string[] = [];
  const add = (field: string, parse: () => string | undefined) => {
    try {
      const ref = parse();
      if (ref) refs.push([field, ref]);
    } catch {
      // A ref that does not parse is the catalog processor's error to report.
    }
  };
  add('spec.owner', () =>
    stringifyEntityRef(
      parseEntityRef(product.spec.owner, { defaultKind: 'Group', ...ctx }),
    ),
  );
  add('spec.domain', () =>
    stringifyEntityRef(
      parseEntityRef(product.spec.domain, { defaultKind: 'Domain', ...ctx }),
    ),
  );
  (product.spec.inputPorts ?? []).forEach((port, i) => {
    const field = `spec.inputPorts[${i}].${
      port.dataProduct !== undefined ? 'dataProduct' : 'source'
    }`;
    add(field, () => {
      const ref = stringifyEntityRef(parseInputPortRef(port, ctx));
      if (port.dataProduct !== undefined) inputProducts.push(ref);
      return ref;
    });
  });
  (product.spec.outputPorts ?? []).forEach((port, i) => {
    add(`spec.outputPorts[${i}].api`, () => {
      const ref = parseOutputPortApiRef(port, ctx);
      return ref && stringifyEntityRef(ref);
    });
  });
  return { refs, inputProducts };
}

/** A product on a dependency cycle: one cycle of its component, and the component's size. */
export interface CycleFinding {
  /** One cycle of the product's component, first ref repeated last; shared by its products. */
  cycle: readonly string[];
  /** Where the product is on `cycle`, or -1 when that cycle does not pass through it. */
  at: number;
  /** How many products depend on each other in this knot (its strongly connected component). */
  size: number;
}

/** The cycle as text, from the product when it is on it, cut short when long. */
export function describeCycle(finding: CycleFinding, max = 8): string {
  const loop = finding.cycle.slice(0, -1);
  const from = Math.max(finding.at, 0);
  const refs: string[] = [];
  for (let i = 0; i < Math.min(loop.length, max); i++) {
    refs.push(loop[(from + i) % loop.length]);
  }
  if (loop.length > max) refs.push(`... (${loop.length - max} more)`);
  refs.push(loop[from]);
  return refs.join(' -> ');
}

/**
 * Strongly connected components of the product dependency graph (Tarjan, iterative so a
 * long chain cannot overflow the stack). Every product in a component of more than one
 * product, or that reads from itself, is on a cycle. One cycle is traced per component
 * (breadth-first, so linear in its size) and shown to each of its products.
 */
export function findCycles(
  graph: Map<string, string[]>,
): Map<string, CycleFinding> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, CycleFinding>();
  let counter = 0;

  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [
      { node: root, next: 0 },
    ];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++];
        if (!graph.has(to)) continue; // not a product in the mesh
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) {
          const members = new Set(component);
          const cycle = cycleThrough(frame.node, members, graph);
          const onCycle = new Map(cycle.slice(0, -1).map((ref, i) => [ref, i]));
          for (const ref of component) {
            result.set(ref, {
              cycle,
              at: onCycle.get(ref) ?? -1,
              size: component.length,
            });
          }
        }
      }
    }
  }
  return result;
}

/** One cycle from `start` back to itself within its component (breadth-first, shortest). */
function cycleThrough(
  start: string,
  members: Set<string>,
  graph: Map<string, string[]>,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.push(at);
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

function cycleMessage(finding: CycleFinding | undefined): string {
  if (!finding) {
    return 'The product does not depend on itself through other products.';
  }
  if (finding.at >= 0) {
    return `The product depends on itself: ${describeCycle(finding)}.`;
  }
  return `The product is part of a dependency cycle among ${
    finding.size
  } products, e.g. ${describeCycle(finding)}.`;
}

/**
 * Checks every product's refs against the catalog and the mesh's lineage for cycles.
 * `existing` answers which of the given refs are in the catalog (one batched read).
 */
export async function checkIntegrity(
  products: Entity[],
  existing: (refs: string[]) => Promise<Set<string>>,
): Promise<Map<string, PolicyResult[]>> {
  const meshProducts = products.filter(isDataProductEntity);
  const perProduct = new Map<string, ProductRefs>();
  const known = new Set(meshProducts.map(p => stringifyEntityRef(p)));
  const toLookUp = new Set<string>();
  for (const p of meshProducts) {
    const refs = refsOf(p);
    perProduct.set(stringifyEntityRef(p), refs);
    for (const [, ref] of refs.refs) if (!known.has(ref)) toLookUp.add(ref);
  }
  const found = toLookUp.size
    ? await existing([...toLookUp])
    : new Set<string>();
  const cycles = findCycles(
    new Map([...perProduct].map(([ref, r]) => [ref, r.inputProducts])),
  );

  const out = new Map<string, PolicyResult[]>();
  for (const [ref, { refs }] of perProduct) {
    const missing = refs.filter(
      ([, target]) => !known.has(target) && !found.has(target),
    );
    const finding = cycles.get(ref);
    out.set(ref, [
      {
        policyId: 'references-resolve',
        title: 'Every reference resolves',
        severity: 'recommended',
        source: 'builtin',
        status: missing.length ? 'failed' : 'passed',
        message: missing.length
          ? missing
              .map(
                ([field, target]) =>
                  `${field} refers to ${target}, which is not in the catalog.`,
              )
              .join(' ')
          : 'Owner, domain, inputs and APIs all exist in the catalog.',
        ...(missing.length
          ? {
              remediation:
                'Fix the reference, or register the missing entity in the catalog.',
            }
          : {}),
      },
      {
        policyId: 'lineage-acyclic',
        title: 'Lineage has no cycle',
        severity: 'recommended',
        source: 'builtin',
        status: finding ? 'failed' : 'passed',
        message: cycleMessage(finding),
        ...(finding
          ? {
              remediation:
                'Break the cycle: one of these products must stop reading from the next.',
            }
          : {}),
      },
    ]);
  }
  return out;
}

/** Adds integrity rows to an evaluation and recomputes its score, counts and status. */
export function withIntegrity(
  evaluation: ProductEvaluation,
  rows: PolicyResult[] | undefined,
): ProductEvaluation {
  if (!rows?.length) return evaluation;
  const results = [...evaluation.results, ...rows];
  return {
    ...evaluation,
    results,
    score: scoreResults(results),
    counts: countResults(results),
    status: statusOfResults(results),
  };
}
