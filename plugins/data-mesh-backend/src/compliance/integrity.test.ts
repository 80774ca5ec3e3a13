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

import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { checkIntegrity, describeCycle, findCycles } from './integrity';

/** The shared product in the sales domain, with only the ports a test gives it. */
const product = (name: string, spec: Record<string, unknown> = {}) =>
  dataProductEntity({
    name,
    spec: {
      domain: 'sales',
      owner: 'group:sales-team',
      inputPorts: undefined,
      outputPorts: undefined,
      ...spec,
    },
  });

const inCatalog = (refs: string[]) => async (asked: string[]) =>
  new Set(asked.filter(r => refs.includes(r)));

describe('findCycles', () => {
  it('finds every product on a cycle, with a cycle through it', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['a']],
    ]);
    const cycles = findCycles(graph);
    expect([...cycles.keys()].sort()).toEqual(['a', 'b', 'c', 'e']);
    expect(describeCycle(cycles.get('a')!)).toBe('a -> b -> c -> a');
    expect(describeCycle(cycles.get('c')!)).toBe('c -> a -> b -> c');
    expect(cycles.get('c')?.size).toBe(3);
    expect(describeCycle(cycles.get('e')!)).toBe('e -> e');
  });

  it('walks a very long cycle in linear time, without overflowing the stack', () => {
    const n = 200_000;
    const graph = new Map<string, string[]>();
    for (let i = 0; i < n; i++) {
      graph.set(`p${i}`, i + 1 < n ? [`p${i + 1}`] : ['p0']);
    }
    const cycles = findCycles(graph);
    expect(cycles.size).toBe(n);
    expect(cycles.get('p0')?.cycle).toHaveLength(n + 1);
    expect(describeCycle(cycles.get('p7')!, 3)).toBe(
      `p7 -> p8 -> p9 -> ... (${n - 3} more) -> p7`,
    );
  });

  it('names the knot for a product off the traced cycle', () => {
    // Tracing from a finds a -> c -> a first; b is in the same knot but not on it.
    const graph = new Map([
      ['a', ['c', 'b']],
      ['b', ['a']],
      ['c', ['a']],
    ]);
    const cycles = findCycles(graph);
    expect([...cycles.values()].map(f => f.size)).toEqual([3, 3, 3]);
    const offCycle = [...cycles.entries()].filter(([, f]) => f.at < 0);
    expect(offCycle).toHaveLength(1);
  });
});

describe('checkIntegrity', () => {
  it('reports refs that point nowhere, naming the field', async () => {
    const rows = await checkIntegrity(
      [
        product('orders', {
          inputPorts: [{ source: 'component:order-service' }],
        }),
        product('kpis', {
          domain: 'no-such-domain',
          inputPorts: [{ dataProduct: 'orders' }, { dataProduct: 'ghost' }],
          outputPorts: [{ name: 'out', type: 'table', api: 'kpis-api' }],
        }),
      ],
      inCatalog([
        'group:default/sales-team',
        'domain:default/sales',
        'component:default/order-service',
      ]),
    );
    const orders = rows.get('dataproduct:default/orders')!;
    expect(orders.map(r => [r.policyId, r.status])).toEqual([
      ['references-resolve', 'passed'],
      ['lineage-acyclic', 'passed'],
    ]);
    const kpis = rows.get('dataproduct:default/kpis')!;
    expect(kpis[0].status).toBe('failed');
    expect(kpis[0].message).toBe(
      'spec.domain refers to domain:default/no-such-domain, which is not in the catalog. ' +
        'spec.inputPorts[1].dataProduct refers to dataproduct:default/ghost, which is not in the catalog. ' +
        'spec.outputPorts[0].api refers to api:default/kpis-api, which is not in the catalog.',
    );
  });

  it('reports lineage cycles on each product of the cycle', async () => {
    const rows = await checkIntegrity(
      [
        product('a', { inputPorts: [{ dataProduct: 'b' }] }),
        product('b', { inputPorts: [{ dataProduct: 'a' }] }),
        product('c', { inputPorts: [{ dataProduct: 'a' }] }),
      ],
      inCatalog(['group:default/sales-team', 'domain:default/sales']),
    );
    const acyclic = (name: string) =>
      rows
        .get(`dataproduct:default/${name}`)!
        .find(r => r.policyId === 'lineage-acyclic')!;
    expect(acyclic('a')).toMatchObject({
      status: 'failed',
      message:
        'The product depends on itself: dataproduct:default/a -> dataproduct:default/b -> dataproduct:default/a.',
    });
    expect(acyclic('b').status).toBe('failed');
    expect(acyclic('c').status).toBe('passed');
  });

  it('asks the catalog once, only for refs outside the mesh', async () => {
    const asked: string[][] = [];
    await checkIntegrity(
      [product('a', { inputPorts: [{ dataProduct: 'b' }] }), product('b')],
      async refs => {
        asked.push(refs);
        return new Set(refs);
      },
    );
    expect(asked).toEqual([
      ['group:default/sales-team', 'domain:default/sales'],
    ]);
  });
});
