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
import { meshRow, type MeshRowOptions } from '../../__testUtils__/meshRows';
import {
  createTestDatabases,
  DAY,
  evaluation,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { saveSweep } from '../compliance/saveSweep';
import {
  listMeshProducts,
  type ListMeshProductsOptions,
} from './listMeshProducts';
import { upsertMeshProducts } from './upsertMeshProducts';

const databases = createTestDatabases();
const ref = (name: string) => `dataproduct:default/${name}`;
const SALES = 'domain:default/sales';
const pad = (i: number) => String(i).padStart(3, '0');

/*
 * 130 generic products (more than a page of 50) whose titles, domains, types and scores
 * tie in groups, and a few named ones for search.
 */
interface Product extends MeshRowOptions {
  name: string;
  status?: 'passing' | 'warning' | 'failing';
  score?: number;
}
const PRODUCTS: Product[] = [
  ...Array.from(
    { length: 130 },
    (_, i): Product => ({
      name: `p-${pad(i)}`,
      title: `Product ${i % 10}`,
      domain: [`sales`, 'customer', null][i % 3],
      type: [null, 'aggregate', 'source-aligned', 'aggregate'][i % 4],
      lifecycle: i % 5 === 0 ? 'experimental' : 'production',
      ...(i % 7 === 0
        ? {}
        : {
            status: (['passing', 'warning', 'failing'] as const)[i % 3],
            score: [100, 50, 50, 0][i % 4],
          }),
    }),
  ),
  {
    name: 'daily-orders',
    title: 'Daily Orders',
    description: 'Orders of every day',
  },
  { name: 'orders-weekly', title: 'Weekly orders' },
  { name: 'cpp', title: 'C++ metrics' },
  { name: 'pct', title: '100% complete' },
  { name: 'under', title: 'snake_case names' },
  { name: 'underx', title: 'snakeXcase names' },
];

const defaults: ListMeshProductsOptions = {
  offset: 0,
  limit: 500,
  sort: 'title',
  order: 'asc',
};

async function list(
  knex: Knex,
  options: Partial<ListMeshProductsOptions> = {},
) {
  return listMeshProducts(knex, { ...defaults, ...options });
}

const names = (items: Array<{ name: string }>) => items.map(i => i.name);

describe.each(databases.eachSupportedId())(
  'listMeshProducts on %s',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      ({ knex } = await migratedDatabase(databases, databaseId));
      await upsertMeshProducts(
        knex,
        PRODUCTS.map(p => meshRow(p.name, p)),
      );
      await saveSweep(
        knex,
        PRODUCTS.filter(p => p.status).map(p =>
          evaluation(p.name, p.status!, {
            score: p.score,
            ...(p.domain === 'sales' ? { domainRef: SALES } : {}),
          }),
        ),
        [],
        {
          now: new Date('2025-06-01T00:00:00Z'),
          historyHeartbeatMs: DAY,
          durationMs: 1,
        },
      );
    });

    afterAll(async () => {
      await knex?.destroy();
    });

    it('pages through every product once, ties broken by entity ref, in both directions', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const pages = [];
        for (let offset = 0; offset < 150; offset += 50) {
          const page = await list(knex, { offset, limit: 50, order });
          expect(page.totalItems).toBe(PRODUCTS.length);
          pages.push(...page.items);
        }
        expect(pages).toHaveLength(PRODUCTS.length);
        expect(new Set(names(pages)).size).toBe(PRODUCTS.length);
        const all = names((await list(knex, { order })).items);
        expect(names(pages)).toEqual(all);
        // Sorted by title, ties by entity ref, the same way round.
        const expected = PRODUCTS.map(p => ({
          key: (p.title ?? p.name).toLocaleLowerCase('en-US'),
          ref: ref(p.name),
          name: p.name,
        }))
          .sort((a, b) => {
            if (a.key !== b.key) return a.key < b.key ? -1 : 1;
            return a.ref < b.ref ? -1 : 1;
          })
          .map(p => p.name);
        // Among the generic products (titles that collate alike everywhere).
        const generic = (refs: string[]) =>
          refs.filter(n => n.startsWith('p-'));
        expect(generic(all)).toEqual(
          order === 'asc' ? generic(expected) : generic(expected).reverse(),
        );
      }
      // Past the end: no items, the same total.
      expect(await list(knex, { offset: 500, limit: 50 })).toEqual({
        items: [],
        totalItems: PRODUCTS.length,
      });
    });

    it('sorts products without the value last, whichever the order', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const { items } = await list(knex, { sort: 'type', order });
        const types = items.map(i => i.type);
        const firstNull = types.indexOf(null);
        expect(firstNull).toBeGreaterThan(0);
        expect(types.slice(firstNull).every(t => t === null)).toBe(true);
        expect(types.slice(0, firstNull)).toEqual(
          [...types.slice(0, firstNull)].sort((a, b) =>
            order === 'asc' ? a!.localeCompare(b!) : b!.localeCompare(a!),
          ),
        );
        const scores = (await list(knex, { sort: 'score', order })).items;
        const unscored = scores.findIndex(i => (i.score ?? null) === null);
        expect(
          scores.slice(unscored).every(i => (i.score ?? null) === null),
        ).toBe(true);
        expect(scores.slice(unscored)).toHaveLength(
          PRODUCTS.filter(p => !p.status).length,
        );
        const values = scores.slice(0, unscored).map(i => Number(i.score));
        expect(values).toEqual(
          [...values].sort((a, b) => (order === 'asc' ? a - b : b - a)),
        );
      }
    });

    it('searches words in any order and case, as the router decoded them (+ and %20 as spaces)', async () => {
      // `?search=orders+daily` and `?search=orders%20daily` both arrive as this.
      expect(
        names((await list(knex, { search: 'orders daily' })).items),
      ).toEqual(['daily-orders']);
      expect(
        names((await list(knex, { search: '  DAILY   orders ' })).items),
      ).toEqual(['daily-orders']);
      // In the description too.
      expect(names((await list(knex, { search: 'every day' })).items)).toEqual([
        'daily-orders',
      ]);
      const orders = await list(knex, { search: 'orders', limit: 1 });
      expect(orders.totalItems).toBe(2);
      expect(names(orders.items)).toEqual(['daily-orders']);
      expect(
        names((await list(knex, { search: 'orders', offset: 1 })).items),
      ).toEqual(['orders-weekly']);
      // A + sent encoded (%2B) is a literal plus.
      expect(names((await list(knex, { search: 'c++' })).items)).toEqual([
        'cpp',
      ]);
      // LIKE's wildcards are matched literally.
      expect(names((await list(knex, { search: '100%' })).items)).toEqual([
        'pct',
      ]);
      expect(names((await list(knex, { search: 'snake_case' })).items)).toEqual(
        ['under'],
      );
      expect(await list(knex, { search: 'nothing-like-this' })).toEqual({
        items: [],
        totalItems: 0,
      });
    });

    it('combines filters, and lists unevaluated products', async () => {
      const generic = PRODUCTS.slice(0, 130);
      const expected = generic
        .filter(
          p =>
            p.domain === 'sales' &&
            p.type === 'aggregate' &&
            p.lifecycle === 'production' &&
            p.status === 'passing',
        )
        .map(p => p.name)
        .sort();
      expect(expected.length).toBeGreaterThan(1);
      const filtered = await list(knex, {
        domainRef: SALES,
        type: 'aggregate',
        lifecycle: 'production',
        compliance: 'passing',
        sort: 'title',
      });
      expect(filtered.totalItems).toBe(expected.length);
      expect(names(filtered.items).sort()).toEqual(expected);
      for (const item of filtered.items) {
        expect(item).toMatchObject({
          domain_ref: SALES,
          type: 'aggregate',
          lifecycle: 'production',
          status: 'passing',
        });
      }
      // With a search on top: each word anywhere in title, name or description.
      const searched = await list(knex, {
        domainRef: SALES,
        type: 'aggregate',
        search: 'product 1',
      });
      const text = (p: Product) =>
        [p.title, p.name, p.description ?? `The ${p.name} product`]
          .join('\n')
          .toLocaleLowerCase('en-US');
      const matching = generic
        .filter(
          p =>
            p.domain === 'sales' &&
            p.type === 'aggregate' &&
            text(p).includes('product') &&
            text(p).includes('1'),
        )
        .map(p => p.name)
        .sort();
      expect(matching.length).toBeGreaterThan(1);
      expect(matching.length).toBeLessThan(
        generic.filter(p => p.domain === 'sales' && p.type === 'aggregate')
          .length,
      );
      expect(names(searched.items).sort()).toEqual(matching);

      const unevaluated = await list(knex, { compliance: 'unevaluated' });
      expect(names(unevaluated.items).sort()).toEqual(
        PRODUCTS.filter(p => !p.status)
          .map(p => p.name)
          .sort(),
      );
      expect(unevaluated.items.every(i => (i.status ?? null) === null)).toBe(
        true,
      );
      expect(
        (
          await list(knex, {
            compliance: 'unevaluated',
            classification: 'public',
          })
        ).totalItems,
      ).toBe(0);
    });

    it('restricts to the refs a caller may see, with their own total and pages', async () => {
      const visible = new Set(
        PRODUCTS.filter((_, i) => i % 2 === 0).map(p => ref(p.name)),
      );
      const first = await list(knex, { onlyRefs: visible, limit: 50 });
      expect(first.totalItems).toBe(visible.size);
      const second = await list(knex, {
        onlyRefs: visible,
        offset: 50,
        limit: 50,
      });
      const seen = [...first.items, ...second.items].map(i => i.entity_ref);
      expect(seen.every(r => visible.has(r))).toBe(true);
      expect(new Set(seen).size).toBe(seen.length);
      // The same order as the unrestricted list.
      const all = (await list(knex)).items
        .map(i => i.entity_ref)
        .filter(r => visible.has(r));
      expect(seen).toEqual(all.slice(0, 100));
    });
  },
);
