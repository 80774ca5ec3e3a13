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
  createTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import {
  c360,
  events,
  H,
  orders,
  t0,
} from '../../__testUtils__/observedFixtures';
import { TABLES } from '../../tables';
import { applyCatalog } from './applyCatalog';
import { ingestRunEvents, outputSetId } from './ingestRunEvents';
import { listEdges } from './listEdges';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'ingestRunEvents on %s',
  databaseId => {
    it('stores each event once and derives run state, hourly counts and refreshes', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const job: [string, string] = ['shop', 'orders.ingest'];
      const out: Array<[string, string]> = [['s3://lake', 'sales/orders']];
      const batch = events([
        { type: 'COMPLETE', run: 'r1', job, at: t0, outputs: out },
        { type: 'START', run: 'r1', job, at: t0 - H, outputs: out },
      ]);
      expect(await ingestRunEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 2,
        duplicates: 0,
      });
      expect(await ingestRunEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 0,
        duplicates: 2,
      });
      const [run] = await knex(TABLES.runs).select(
        'state',
        'started_at',
        'ended_at',
      );
      expect({
        ...run,
        started_at: Number(run.started_at),
        ended_at: Number(run.ended_at),
      }).toEqual({ state: 'COMPLETE', started_at: t0 - H, ended_at: t0 });
      const hourly = await knex(TABLES.jobHourly).select(
        'hour',
        'complete_count',
      );
      expect(
        hourly.map(r => [Number(r.hour), Number(r.complete_count)]),
      ).toEqual([[Math.floor(t0 / H), 1]]);
      const refreshes = await knex(TABLES.refreshes)
        .orderBy('subject')
        .select('subject');
      expect(refreshes.map(r => r.subject)).toEqual([
        'ol-dataset:s3://lake/sales/orders',
        'ol-job:shop/orders.ingest',
      ]);
      await knex.destroy();
    });

    it('moves a run to the output set of all it wrote, whatever the order of its events', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const job: [string, string] = ['spark', 'app'];
      const a: [string, string] = ['s3://lake', 'a'];
      const b: [string, string] = ['s3://lake', 'b'];
      await ingestRunEvents(
        knex,
        events([{ type: 'COMPLETE', run: 'r1', job, at: t0, outputs: [a] }]),
        'ci',
        t0,
      );
      await ingestRunEvents(
        knex,
        events([{ type: 'START', run: 'r1', job, at: t0 - H, outputs: [b] }]),
        'ci',
        t0,
      );
      const set = outputSetId(['s3://lake/a', 's3://lake/b']);
      const [run] = await knex(TABLES.runs).select('output_set');
      expect(run.output_set).toBe(set);
      const hours = await knex(TABLES.runHourly).select(
        'output_set',
        'complete_count',
      );
      expect(
        Object.fromEntries(
          hours.map(h => [h.output_set, Number(h.complete_count)]),
        ),
      ).toEqual({ [outputSetId(['s3://lake/a'])]: 0, [set]: 1 });
      expect(
        await knex(TABLES.outputSets)
          .where('set_id', set)
          .orderBy('dataset_id')
          .select('dataset_id'),
      ).toEqual([{ dataset_id: 's3://lake/a' }, { dataset_id: 's3://lake/b' }]);
      await knex.destroy();
    });

    it('adds symlink keys to a known dataset, keeps its facets and records stream reports', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const path: [string, string] = ['s3a://bucket', 'warehouse/orders'];
      await ingestRunEvents(
        knex,
        events([
          {
            type: 'COMPLETE',
            run: 'r1',
            job: ['spark', 'a'],
            at: t0,
            outputs: [path],
          },
        ]),
        'ci',
        t0,
      );
      const symlinks = {
        identifiers: [
          { namespace: 'hive://ms:9083', name: 'sales.orders', type: 'TABLE' },
        ],
      };
      const stream = events([
        {
          type: 'RUNNING',
          run: 'r2',
          job: ['flink', 'b'],
          at: t0 + 61_000,
          outputs: [[...path, { symlinks }]],
        },
        {
          type: 'RUNNING',
          run: 'r2',
          job: ['flink', 'b'],
          at: t0 + 3 * 60_000,
          outputs: [path],
        },
      ]);
      for (const e of stream) {
        e.event.job.facets = { jobType: { processingType: 'STREAMING' } };
      }
      await ingestRunEvents(knex, stream, 'ci', t0);
      const keys = (
        await knex(TABLES.datasetKeys)
          .where('dataset_id', 's3a://bucket/warehouse/orders')
          .select('match_key')
      ).map(k => k.match_key);
      expect(keys).toEqual(
        expect.arrayContaining(['name:sales.orders', 'ci:name:sales.orders']),
      );
      expect(
        await knex(TABLES.datasetFacets).select('dataset_id', 'facet'),
      ).toEqual([
        { dataset_id: 's3a://bucket/warehouse/orders', facet: 'symlinks' },
      ]);
      const [job] = await knex(TABLES.jobs)
        .where('job_id', 'flink/b')
        .select('processing_type');
      expect(job.processing_type).toBe('STREAMING');
      const reports = await knex(TABLES.streamHourly)
        .orderBy('subject')
        .select('subject', knex.raw('CAST(minutes AS TEXT) as minutes'));
      const minuteOf = (t: number) => Math.floor((t % H) / 60_000);
      const bits = (
        (1n << BigInt(minuteOf(t0 + 61_000))) |
        (1n << BigInt(minuteOf(t0 + 3 * 60_000)))
      ).toString();
      expect(reports).toEqual([
        { subject: 'ol-dataset:s3a://bucket/warehouse/orders', minutes: bits },
        { subject: 'ol-job:flink/b', minutes: bits },
      ]);
      await knex.destroy();
    });

    it("maps a known dataset's edges again when a later run brings a symlink a product's binding names", async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [orders, { ...c360, declaredInputs: [] }], t0);
      const run = (
        id: string,
        at: number,
        input: Parameters<typeof events>[0][number]['inputs'],
      ) => ({
        type: 'COMPLETE',
        run: id,
        job: ['spark', 'c360'] as [string, string],
        at,
        inputs: input,
        outputs: [['s3://lake', 'customer/c360']] as Array<[string, string]>,
      });
      await ingestRunEvents(
        knex,
        events([run('x1', t0, [['hdfs://cluster', 'warehouse/orders']])]),
        'ci',
        t0,
      );
      const upstream = async () =>
        (await listEdges(knex, ['dataproduct:default/c360'], 'upstream')).map(
          e => [e.source, e.observedLastAt],
        );
      expect(await upstream()).toEqual([
        ['ol-dataset:hdfs://cluster/warehouse/orders', t0],
      ]);
      // The same io, now with the symlink to orders' table: orders owns the dataset.
      const symlinks = {
        identifiers: [
          { namespace: 's3://lake', name: 'sales/orders', type: 'TABLE' },
        ],
      };
      await ingestRunEvents(
        knex,
        events([
          run('x2', t0 + H, [
            ['hdfs://cluster', 'warehouse/orders', { symlinks }],
          ]),
        ]),
        'ci',
        t0 + H,
      );
      expect(await upstream()).toEqual([
        ['dataproduct:default/orders', t0 + H],
      ]);
      await knex.destroy();
    });
  },
);
