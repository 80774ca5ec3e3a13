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
  DAY,
  evaluation,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('saveSweep on %s', databaseId => {
  async function createStore() {
    const { knex, compliance } = await migratedDatabase(databases, databaseId);
    return { knex, store: compliance };
  }

  it('stores the latest result per product and its history over time', async () => {
    const { store, knex } = await createStore();
    const t0 = new Date('2025-06-01T00:00:00Z');
    const opts = (now: Date) => ({
      now,
      historyHeartbeatMs: DAY,
      durationMs: 5,
    });
    const domains = [
      { domainRef: 'domain:default/customer' },
      {
        domainRef: 'domain:default/loyalty',
        parentRef: 'domain:default/customer',
      },
    ];

    expect(
      await store.saveSweep(
        [
          evaluation('a', 'passing', {
            domainRef: 'domain:default/customer',
            at: t0,
          }),
          evaluation('b', 'failing', {
            domainRef: 'domain:default/loyalty',
            at: t0,
          }),
          evaluation('c', 'warning', { at: t0 }),
        ],
        domains,
        opts(t0),
      ),
    ).toEqual({ written: 3, historyAppended: 3, removed: 0, unchanged: 0 });

    // Ten minutes later nothing changed: nothing is written, no new history.
    const t1 = new Date(t0.getTime() + 10 * 60 * 1000);
    expect(
      await store.saveSweep(
        [
          evaluation('a', 'passing', {
            domainRef: 'domain:default/customer',
            at: t1,
          }),
          evaluation('b', 'failing', {
            domainRef: 'domain:default/loyalty',
            at: t1,
          }),
          evaluation('c', 'warning', { at: t1 }),
        ],
        domains,
        opts(t1),
      ),
    ).toEqual({ written: 0, historyAppended: 0, removed: 0, unchanged: 3 });

    // b is fixed, c disappears from the catalog.
    const t2 = new Date(t0.getTime() + 20 * 60 * 1000);
    expect(
      await store.saveSweep(
        [
          evaluation('a', 'passing', {
            domainRef: 'domain:default/customer',
            at: t2,
          }),
          evaluation('b', 'passing', {
            domainRef: 'domain:default/loyalty',
            at: t2,
          }),
        ],
        domains,
        opts(t2),
      ),
    ).toEqual({ written: 1, historyAppended: 1, removed: 1, unchanged: 1 });

    // A day after a's last history point: a heartbeat point for a only (b changed at t2).
    const t3 = new Date(t0.getTime() + DAY + 60 * 1000);
    expect(
      await store.saveSweep(
        [
          evaluation('a', 'passing', {
            domainRef: 'domain:default/customer',
            at: t3,
          }),
          evaluation('b', 'passing', {
            domainRef: 'domain:default/loyalty',
            at: t3,
          }),
        ],
        domains,
        opts(t3),
      ),
    ).toEqual({ written: 1, historyAppended: 1, removed: 0, unchanged: 1 });
    expect(
      (await store.getHistory('dataproduct:default/a', { limit: 10 })).map(
        h => h.evaluatedAt,
      ),
    ).toEqual([t3.toISOString(), t0.toISOString()]);

    // b was not rewritten at t3, but the t3 sweep evaluated it: its time is t3.
    const latest = await store.getLatest('dataproduct:default/b');
    expect(latest).toMatchObject({
      status: 'passing',
      evaluatedAt: t3.toISOString(),
    });
    expect(await store.getLatest('dataproduct:default/c')).toBeUndefined();

    const history = await store.getHistory('dataproduct:default/b', {
      limit: 10,
    });
    expect(history.map(h => [h.status, h.evaluatedAt])).toEqual([
      ['passing', t2.toISOString()],
      ['failing', t0.toISOString()],
    ]);
    expect(history[1]).toMatchObject({
      passed: false,
      score: 50,
      counts: { passed: 1, failed: 1, waived: 0, error: 0 },
      results: [
        {
          policyId: 'owner-assigned',
          severity: 'required',
          status: 'passed',
        },
        { policyId: 'audit-logging', severity: 'required', status: 'failed' },
      ],
    });
    const page2 = await store.getHistory('dataproduct:default/b', {
      limit: 2,
      before: history[0].id,
    });
    expect(page2.map(h => h.status)).toEqual(['failing']);

    // History of a removed product is kept until it is pruned.
    expect(
      await store.getHistory('dataproduct:default/c', { limit: 10 }),
    ).toHaveLength(1);
    expect(await store.pruneHistory(new Date(t0.getTime() + 1000))).toBe(3);
    expect(
      await store.getHistory('dataproduct:default/c', { limit: 10 }),
    ).toHaveLength(0);

    expect(await store.getLastSweep()).toEqual({
      finishedAt: t3.toISOString(),
      products: 2,
      domains: 2,
      durationMs: 5,
    });
    expect(await store.getDomainParents()).toEqual(
      new Map([
        ['domain:default/customer', undefined],
        ['domain:default/loyalty', 'domain:default/customer'],
      ]),
    );
    await knex.destroy();
  });

  it('saves a sweep page by page and, at its end, removes only what no page held', async () => {
    const { store } = await createStore();
    const t0 = new Date('2025-06-01T00:00:00Z');
    const opts = { now: t0, historyHeartbeatMs: DAY };
    await store.saveSweep(
      ['a', 'b', 'c', 'gone'].map(n => evaluation(n, 'passing', { at: t0 })),
      [],
      { ...opts, durationMs: 1 },
    );

    const t1 = new Date(t0.getTime() + 60_000);
    const page1 = await store.saveEvaluations(
      [
        evaluation('a', 'passing', { at: t1 }),
        evaluation('b', 'failing', { at: t1 }),
      ],
      { now: t1, historyHeartbeatMs: DAY },
    );
    expect(page1).toEqual({ written: 1, historyAppended: 1, unchanged: 1 });
    const page2 = await store.saveEvaluations(
      [evaluation('c', 'passing', { at: t1 })],
      { now: t1, historyHeartbeatMs: DAY },
    );
    expect(page2).toEqual({ written: 0, historyAppended: 0, unchanged: 1 });
    // Between pages nothing is removed yet: a product of a later page keeps its result.
    expect(
      (await store.getLatest('dataproduct:default/gone'))?.status,
    ).toBe('passing');

    const seen = new Set(
      ['a', 'b', 'c'].map(n => `dataproduct:default/${n}`),
    );
    const finishedAt = new Date(t1.getTime() + 5_000);
    expect(
      await store.finishSweep(seen, [{ domainRef: 'domain:default/x' }], {
        startedAt: t1,
        finishedAt,
        durationMs: 5_000,
      }),
    ).toBe(1);
    expect(await store.getLatest('dataproduct:default/gone')).toBeUndefined();
    expect((await store.getLatest('dataproduct:default/b'))?.status).toBe(
      'failing',
    );
    expect(await store.getLastSweep()).toEqual({
      finishedAt: finishedAt.toISOString(),
      products: 3,
      domains: 1,
      durationMs: 5_000,
    });
    expect(await store.getDomainParents()).toEqual(
      new Map([['domain:default/x', undefined]]),
    );
  });
});
