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

import { join } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { TABLES } from './tables';

/*
 * migrations/20261202000100_run_attribution.js on a database that already holds runs:
 * output sets and hourly counts are rebuilt from the stored runs, older hours are kept
 * as runs without outputs of their job, dataset keys get their case-folded twins.
 */

const directory = join(__dirname, '../../migrations');
const H = 3_600_000;
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'the run attribution migration on %s',
  databaseId => {
    it('attributes the stored runs and keeps older hours by job', async () => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20250601000000_compliance.js',
        '20250701000000_observed.js',
        '20261202000000_event_kinds.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
      const t = 500_000 * H;
      const run = (id: string, state: string, at: number) => ({
        run_id: id,
        job_id: 'shop/load',
        state,
        state_class: 2,
        state_at: at,
        state_rank: 5,
        started_at: at - 1000,
        ended_at: at,
        completed_at: state === 'COMPLETE' ? at : null,
        last_event_at: at,
        event_count: 2,
        sent_by: 'ci',
      });
      await knex(TABLES.runs).insert([
        run('r1', 'COMPLETE', t),
        run('r2', 'FAIL', t + H),
      ]);
      await knex(TABLES.runDatasets).insert([
        { run_id: 'r1', dataset_id: 's3://lake/a', direction: 'out' },
        { run_id: 'r1', dataset_id: 's3://lake/raw', direction: 'in' },
      ]);
      await knex(TABLES.datasetKeys).insert([
        { match_key: 'name:Sales.A', dataset_id: 's3://lake/a' },
      ]);
      await knex(TABLES.jobHourly).insert([
        // Older than every stored run: kept as runs without outputs.
        {
          job_id: 'shop/load',
          hour: t / H - 100,
          complete_count: 3,
          fail_count: 1,
          abort_count: 0,
        },
        // The stored runs' hours, rebuilt from the runs.
        {
          job_id: 'shop/load',
          hour: t / H,
          complete_count: 1,
          fail_count: 0,
          abort_count: 0,
        },
        {
          job_id: 'shop/load',
          hour: t / H + 1,
          complete_count: 0,
          fail_count: 1,
          abort_count: 0,
        },
      ]);

      await knex.migrate.latest({ directory });

      const runs = await knex(TABLES.runs)
        .orderBy('run_id')
        .select('run_id', 'output_set');
      expect(runs[0].output_set).toMatch(/^[0-9a-f]{64}$/);
      expect(runs[1].output_set).toBe('');
      expect(
        await knex(TABLES.outputSets).select('set_id', 'dataset_id'),
      ).toEqual([{ set_id: runs[0].output_set, dataset_id: 's3://lake/a' }]);
      const hours = (
        await knex(TABLES.runHourly)
          .orderBy('hour')
          .select('output_set', 'hour', 'complete_count', 'fail_count')
      ).map(r => ({ ...r, hour: Number(r.hour) }));
      expect(hours).toEqual([
        { output_set: '', hour: t / H - 100, complete_count: 3, fail_count: 1 },
        {
          output_set: runs[0].output_set,
          hour: t / H,
          complete_count: 1,
          fail_count: 0,
        },
        { output_set: '', hour: t / H + 1, complete_count: 0, fail_count: 1 },
      ]);
      expect(
        await knex(TABLES.setIo)
          .orderBy(['direction', 'dataset_id'])
          .select('output_set', 'direction', 'dataset_id'),
      ).toEqual([
        {
          output_set: runs[0].output_set,
          direction: 'in',
          dataset_id: 's3://lake/raw',
        },
        {
          output_set: runs[0].output_set,
          direction: 'out',
          dataset_id: 's3://lake/a',
        },
      ]);
      expect(
        (
          await knex(TABLES.datasetKeys)
            .orderBy('match_key')
            .select('match_key')
        ).map(r => r.match_key),
      ).toEqual(['ci:name:sales.a', 'name:Sales.A']);

      // Later migrations may follow it: this one's down, by name.
      await knex.migrate.down({
        directory,
        name: '20261202000100_run_attribution.js',
      });
      expect(await knex.schema.hasTable(TABLES.runHourly)).toBe(false);
      expect(await knex.schema.hasColumn(TABLES.runs, 'output_set')).toBe(
        false,
      );
      await knex.destroy();
    });
  },
);
