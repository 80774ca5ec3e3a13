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

import { meshRow } from '../../__testUtils__/meshRows';
import {
  createTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { TABLES, type DbMeshProductRow } from '../../tables';
import { listSloInputs, saveSloAttainment } from './sloAttainment';
import { upsertMeshProducts } from './upsertMeshProducts';

const databases = createTestDatabases();
const ref = (name: string) => `dataproduct:default/${name}`;

describe.each(databases.eachSupportedId())(
  'sloAttainment on %s',
  databaseId => {
    it('pages through the products that declare SLOs, by entity ref', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const names = Array.from(
        { length: 25 },
        (_, i) => `p-${String(i).padStart(2, '0')}`,
      );
      // Every third product declares no SLO.
      await upsertMeshProducts(
        knex,
        names.map((n, i) =>
          meshRow(n, { slos: i % 3 === 0 ? 0 : 1 + (i % 3) }),
        ),
      );
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await listSloInputs(knex, { after, limit: 7 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(7);
        seen.push(...page.map(r => r.entity_ref));
        after = page[page.length - 1].entity_ref;
      }
      const expected = names.filter((_, i) => i % 3 !== 0).map(ref);
      expect(seen).toEqual(expected);
      const [first] = await listSloInputs(knex, { limit: 1 });
      expect(first).toEqual({
        entity_ref: ref('p-01'),
        slo_input: expect.any(String),
        slo_measured: null,
        slo_met: null,
      });
      expect(JSON.parse(first.slo_input!).spec.slos).toHaveLength(2);
      await knex.destroy();
    });

    it('stores attainment only where it changed, and counts what it wrote', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      // More changed rows than one transaction writes (50).
      const names = Array.from({ length: 60 }, (_, i) => `p-${i}`);
      await upsertMeshProducts(
        knex,
        names.map(n => meshRow(n)),
      );
      const monday = new Date('2025-06-02T00:00:00Z');
      const tuesday = new Date('2025-06-03T00:00:00Z');
      const figures = names.map((n, i) => ({
        entityRef: ref(n),
        measured: 2,
        met: i % 2 ? 2 : 1,
      }));
      expect(await saveSloAttainment(knex, figures, new Map(), monday)).toBe(
        60,
      );

      // The roll-up reads what is stored and passes it as `stored`.
      const stored = new Map(
        (await listSloInputs(knex, { limit: 100 })).map(r => [
          r.entity_ref,
          { measured: r.slo_measured, met: r.slo_met },
        ]),
      );
      expect(stored.get(ref('p-1'))).toEqual({ measured: 2, met: 2 });
      const next = figures.map(f =>
        f.entityRef === ref('p-0') ? { ...f, met: 2 } : f,
      );
      expect(await saveSloAttainment(knex, next, stored, tuesday)).toBe(1);
      const rows: DbMeshProductRow[] = await knex(TABLES.meshProducts).select();
      const byRef = new Map(rows.map(r => [r.entity_ref, r]));
      expect(byRef.get(ref('p-0'))).toMatchObject({
        slo_measured: 2,
        slo_met: 2,
        slo_checked_at: tuesday.toISOString(),
      });
      // An unchanged row keeps the time it was last written.
      expect(byRef.get(ref('p-2'))).toMatchObject({
        slo_measured: 2,
        slo_met: 1,
        slo_checked_at: monday.toISOString(),
      });
      // A product the mesh does not hold is counted (the roll-up passes only products
      // it read from the mesh) but no row is made for it.
      expect(
        await saveSloAttainment(
          knex,
          [{ entityRef: ref('gone'), measured: 1, met: 1 }],
          stored,
          tuesday,
        ),
      ).toBe(1);
      expect(
        await knex(TABLES.meshProducts).where('entity_ref', ref('gone')),
      ).toEqual([]);
      await knex.destroy();
    });
  },
);
