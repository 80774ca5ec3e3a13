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
import { meshRow } from '../../__testUtils__/meshRows';
import {
  createTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { TABLES, type DbMeshProductRow } from '../../tables';
import { saveSloAttainment } from './sloAttainment';
import { upsertMeshProducts } from './upsertMeshProducts';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'upsertMeshProducts on %s',
  databaseId => {
    const rows = async (knex: Knex): Promise<DbMeshProductRow[]> =>
      knex(TABLES.meshProducts).orderBy('entity_ref').select();

    it('writes new rows and, after that, only rows whose etag changed', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      // More rows than one insert takes (50) and one lookup reads (500).
      const first = Array.from({ length: 620 }, (_, i) =>
        meshRow(`p-${String(i).padStart(3, '0')}`),
      );
      expect(await upsertMeshProducts(knex, first)).toBe(620);
      expect((await rows(knex)).map(r => r.entity_ref)).toEqual(
        first.map(r => r.entity_ref).sort(),
      );
      // Nothing new: nothing written.
      expect(await upsertMeshProducts(knex, first)).toBe(0);

      // A changed title under a new etag is written; under the old etag it is not.
      const renamedSameEtag = meshRow('p-001', {
        title: 'Renamed',
        etag: 'p-001-1',
      });
      expect(await upsertMeshProducts(knex, [renamedSameEtag])).toBe(0);
      const renamed = meshRow('p-001', { title: 'Renamed', etag: 'p-001-2' });
      expect(await upsertMeshProducts(knex, [renamed])).toBe(1);
      const stored = (await rows(knex)).find(
        r => r.entity_ref === 'dataproduct:default/p-001',
      )!;
      expect(stored).toMatchObject({
        title: 'Renamed',
        sort_title: 'renamed',
        etag: 'p-001-2',
      });
      expect(stored.search_text).toContain('renamed');
      await knex.destroy();
    });

    it('keeps the SLO attainment of a changed product until the roll-up, and drops it when it declares none', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await upsertMeshProducts(knex, [meshRow('a'), meshRow('b')]);
      const checkedAt = new Date('2025-06-02T00:00:00Z');
      await saveSloAttainment(
        knex,
        [
          { entityRef: 'dataproduct:default/a', measured: 2, met: 1 },
          { entityRef: 'dataproduct:default/b', measured: 2, met: 2 },
        ],
        new Map(),
        checkedAt,
      );
      expect(
        await upsertMeshProducts(knex, [
          meshRow('a', { slos: 3, etag: 'a-2' }),
          meshRow('b', { slos: 0, etag: 'b-2' }),
        ]),
      ).toBe(2);
      const [a, b] = await rows(knex);
      expect(a).toMatchObject({
        slo_declared: 3,
        slo_measured: 2,
        slo_met: 1,
        slo_checked_at: checkedAt.toISOString(),
      });
      expect(JSON.parse(a.slo_input!).spec.slos).toHaveLength(3);
      expect(b).toMatchObject({
        slo_declared: 0,
        slo_input: null,
        slo_measured: null,
        slo_met: null,
        slo_checked_at: null,
      });
      await knex.destroy();
    });

    it('writes in the caller transaction: a rollback leaves nothing', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      let written = 0;
      await knex
        .transaction(async trx => {
          written = await upsertMeshProducts(trx, [meshRow('a')]);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      expect(written).toBe(1);
      expect(await rows(knex)).toEqual([]);
      await knex.destroy();
    });
  },
);
