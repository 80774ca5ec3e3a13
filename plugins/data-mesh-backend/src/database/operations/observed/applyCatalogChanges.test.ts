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

import type { Knex } from 'knex';
import { readProductMapping } from '../../../observed/productMapping';
import { product } from '../../../__testUtils__/backendTestUtils';
import { jobEvent, parsedJobEvents } from '../../__testUtils__/eventKinds';
import { events, H, t0 } from '../../__testUtils__/observedFixtures';
import {
  createTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { ObservedStore } from '../../ObservedStore';
import { TABLES, type DbEdgeRow } from '../../tables';
import { bool } from '../../util';
import { applyCatalogChanges } from './applyCatalogChanges';
import { recomputeObservedEdges } from './deriveObservedEdges';
import { listCatalogSignatures } from './listCatalogSignatures';

/*
 * The incremental catalog sync maps observed lineage again only around the products
 * whose bindings changed. Proof that this is the whole truth: after each change the
 * graph equals the one deriving every job again gives, on a mesh where jobs read and
 * write several products' datasets, a job writes two products' tables in different
 * runs, and a JobEvent declares static io.
 */

type Port = { location: string };
const mapping = (
  name: string,
  ports: string[],
  options: { job?: string; inputs?: string[] } = {},
) =>
  readProductMapping(
    product(
      name,
      {
        outputPorts: ports.map(
          (location, i): Port & { name: string; type: string } => ({
            name: `p${i}`,
            type: 'table',
            location,
          }),
        ),
        ...(options.inputs
          ? { inputPorts: options.inputs.map(p => ({ dataProduct: p })) }
          : {}),
      },
      options.job
        ? {
            'meshwork.dev/openlineage-namespace': 'shop',
            'meshwork.dev/openlineage-job': options.job,
          }
        : undefined,
    ),
  );

const L = (name: string) => `s3://lake/${name}`;
const ds = (name: string): [string, string] => ['s3://lake', name];

const numOrNull = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

async function edges(knex: Knex) {
  const rows: DbEdgeRow[] = await knex(TABLES.edges)
    .orderBy(['source', 'target'])
    .select();
  return rows.map(r => ({
    source: r.source,
    target: r.target,
    declared: bool(r.declared),
    observed: bool(r.observed),
    first: numOrNull(r.observed_first_at),
    last: numOrNull(r.observed_last_at),
    static: bool(r.static ?? false),
    staticLast: numOrNull(r.static_last_at),
  }));
}

/** The graph deriving every job again gives (rolled back, so the test goes on). */
async function recomputed(knex: Knex) {
  let graph: Awaited<ReturnType<typeof edges>> = [];
  await knex
    .transaction(async trx => {
      await recomputeObservedEdges(trx);
      graph = await edges(trx);
      throw new Error('rollback');
    })
    .catch(e => {
      if ((e as Error).message !== 'rollback') throw e;
    });
  return graph;
}

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())(
  'applyCatalogChanges on %s',
  databaseId => {
    it('maps observed lineage again only where bindings changed, to the graph a full recompute gives', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const store = new ObservedStore(knex);
      await store.ingestRunEvents(
        events([
          {
            type: 'COMPLETE',
            run: 'o1',
            job: ['shop', 'orders.ingest'],
            at: t0,
            outputs: [ds('sales/orders')],
          },
          {
            type: 'COMPLETE',
            run: 'c1',
            job: ['shop', 'c360.build'],
            at: t0 + H,
            inputs: [ds('sales/orders')],
            outputs: [ds('customer/c360')],
          },
          {
            type: 'COMPLETE',
            run: 'b1',
            job: ['shop', 'bi.job'],
            at: t0 + 2 * H,
            inputs: [ds('customer/c360')],
            outputs: [ds('bi/reports')],
          },
          // One job, two output sets: each run links only its own input.
          {
            type: 'COMPLETE',
            run: 'm1',
            job: ['shop', 'mapped.load'],
            at: t0 + 3 * H,
            inputs: [ds('raw/x')],
            outputs: [ds('customer/c360')],
          },
          {
            type: 'COMPLETE',
            run: 'm2',
            job: ['shop', 'mapped.load'],
            at: t0 + 4 * H,
            inputs: [ds('raw/y')],
            outputs: [ds('bi/reports')],
          },
          {
            type: 'COMPLETE',
            run: 'x1',
            job: ['shop', 'other.copy'],
            at: t0 + 5 * H,
            inputs: [ds('other/a')],
            outputs: [ds('other/b')],
          },
        ]),
        'ci',
        t0,
      );
      await store.ingestLineageEvents(
        parsedJobEvents([
          jobEvent({
            job: ['shop', 'bi.static'],
            at: t0 + 6 * H,
            inputs: [ds('customer/c360')],
            outputs: [ds('bi/summary')],
          }),
        ]),
        'ci',
        t0,
      );

      const orders = mapping('orders', [L('sales/orders')], {
        job: 'orders.ingest',
      });
      const c360 = mapping('c360', [L('customer/c360')], {
        inputs: ['orders'],
      });
      const reports = mapping('reports', [L('bi/reports')], {
        inputs: ['c360'],
      });
      const other = mapping('other', [L('other/b')]);
      const step = async (
        products: ReturnType<typeof mapping>[],
        removed: string[] = [],
      ) => {
        const result = await applyCatalogChanges(
          knex,
          {
            products: products.map(p => ({ ...p, signature: `etag-${p.ref}` })),
            removed,
          },
          t0,
        );
        expect(await edges(knex)).toEqual(await recomputed(knex));
        return result;
      };

      // The first sync: every product new.
      expect(await step([orders, c360, reports])).toMatchObject({
        products: 3,
        changed: 3,
        removed: 0,
        bindingsChanged: true,
        declaredChanged: true,
      });
      const graph = await edges(knex);
      const pairs = (g: typeof graph) =>
        g
          .filter(e => e.observed || e.declared || e.static)
          .map(e => `${e.source} -> ${e.target}`);
      expect(pairs(graph)).toEqual(
        expect.arrayContaining([
          'dataproduct:default/orders -> dataproduct:default/c360',
          'dataproduct:default/c360 -> dataproduct:default/reports',
          'ol-dataset:s3://lake/raw/x -> dataproduct:default/c360',
          'ol-dataset:s3://lake/raw/y -> dataproduct:default/reports',
          'dataproduct:default/c360 -> ol-job:shop/bi.static',
          'ol-job:shop/bi.static -> ol-dataset:s3://lake/bi/summary',
        ]),
      );
      expect(pairs(graph)).not.toContain(
        'ol-dataset:s3://lake/raw/x -> dataproduct:default/reports',
      );

      // Nothing changed: nothing written, nothing mapped again.
      expect(await step([orders, c360, reports])).toMatchObject({
        changed: 0,
        bindingsChanged: false,
        declaredChanged: false,
        remappedJobs: 0,
      });
      expect(await edges(knex)).toEqual(graph);

      // reports moves its port from bi/reports to bi/summary: bi.static now acts for it.
      const moved = mapping('reports', [L('bi/summary')], { inputs: ['c360'] });
      expect(await step([moved])).toMatchObject({
        changed: 1,
        bindingsChanged: true,
        declaredChanged: false,
      });
      expect(pairs(await edges(knex))).toEqual(
        expect.arrayContaining([
          'dataproduct:default/c360 -> ol-job:shop/bi.job',
          'ol-job:shop/bi.job -> ol-dataset:s3://lake/bi/reports',
        ]),
      );

      // c360 takes bi.job by annotation; orders leaves the catalog.
      const annotated = mapping('c360', [L('customer/c360')], {
        job: 'bi.job',
        inputs: ['orders'],
      });
      expect(
        await step([annotated], ['dataproduct:default/orders']),
      ).toMatchObject({
        changed: 1,
        removed: 1,
      });
      const afterRemoval = await edges(knex);
      expect(
        afterRemoval.some(
          e =>
            e.source === 'dataproduct:default/orders' ||
            e.target === 'dataproduct:default/orders',
        ),
      ).toBe(
        // c360 still declares orders as its input: that edge stays, declared only.
        true,
      );
      expect(
        afterRemoval.filter(
          e =>
            e.source === 'dataproduct:default/orders' ||
            e.target === 'dataproduct:default/orders',
        ),
      ).toEqual([
        expect.objectContaining({
          source: 'dataproduct:default/orders',
          target: 'dataproduct:default/c360',
          declared: true,
          observed: false,
        }),
      ]);
      expect(
        await knex(TABLES.bindings).where(
          'product_ref',
          'dataproduct:default/orders',
        ),
      ).toEqual([]);

      // A product elsewhere in the mesh: only the job writing its dataset is mapped again.
      expect(await step([other])).toMatchObject({
        changed: 1,
        remappedJobs: 1,
      });
      expect(pairs(await edges(knex))).toContain(
        'ol-dataset:s3://lake/other/a -> dataproduct:default/other',
      );

      // reports leaves too: its declared input and its bindings go.
      expect(await step([], ['dataproduct:default/reports'])).toMatchObject({
        removed: 1,
        declaredChanged: true,
      });
      expect(
        (await edges(knex)).filter(
          e =>
            e.target === 'dataproduct:default/reports' ||
            e.source === 'dataproduct:default/reports',
        ),
      ).toEqual([]);
      expect([...(await listCatalogSignatures(knex)).keys()].sort()).toEqual([
        'dataproduct:default/c360',
        'dataproduct:default/other',
      ]);
      await knex.destroy();
    });

    it('stores what each product was read with, and forgets removed products', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const a = mapping('a', [L('a')]);
      const b = mapping('b', [L('b')]);
      await applyCatalogChanges(
        knex,
        { products: [{ ...a, signature: 'e1' }, b], removed: [] },
        t0,
      );
      expect(await listCatalogSignatures(knex)).toEqual(
        new Map([
          ['dataproduct:default/a', 'e1'],
          ['dataproduct:default/b', null],
        ]),
      );
      // A new etag with the same mapping: the signature is stored, nothing else changes.
      expect(
        await applyCatalogChanges(
          knex,
          {
            products: [{ ...a, signature: 'e2' }],
            removed: ['dataproduct:default/b'],
          },
          t0 + H,
        ),
      ).toMatchObject({ changed: 0, removed: 1, bindingsChanged: true });
      expect(await listCatalogSignatures(knex)).toEqual(
        new Map([['dataproduct:default/a', 'e2']]),
      );
      expect(
        (await knex(TABLES.bindings).select('product_ref')).map(
          r => r.product_ref,
        ),
      ).toEqual(['dataproduct:default/a']);
      await knex.destroy();
    });
  },
);
