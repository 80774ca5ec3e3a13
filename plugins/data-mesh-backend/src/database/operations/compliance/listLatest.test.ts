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

describe.each(databases.eachSupportedId())('listLatest on %s', databaseId => {
  async function createStore() {
    const { knex, compliance } = await migratedDatabase(databases, databaseId);
    return { knex, store: compliance };
  }

  it('pages through the latest results with filters', async () => {
    const { store, knex } = await createStore();
    const now = new Date('2025-06-01T00:00:00Z');
    const evaluations = Array.from({ length: 120 }, (_, i) =>
      evaluation(
        `p${String(i).padStart(3, '0')}`,
        i % 3 === 0 ? 'failing' : 'passing',
        {
          domainRef: `domain:default/d${i % 4}`,
        },
      ),
    );
    await store.saveSweep(evaluations, [], {
      now,
      historyHeartbeatMs: DAY,
      durationMs: 1,
    });

    const first = await store.listLatest({ limit: 50 });
    expect(first).toHaveLength(50);
    expect(first[0]).toEqual({
      entityRef: 'dataproduct:default/p000',
      domainRef: 'domain:default/d0',
      status: 'failing',
      passed: false,
      score: 50,
      counts: { passed: 1, failed: 1, waived: 0, error: 0 },
      evaluatedAt: now.toISOString(),
    });
    const second = await store.listLatest({
      limit: 50,
      after: first[49].entityRef,
    });
    const third = await store.listLatest({
      limit: 50,
      after: second[49].entityRef,
    });
    expect(third).toHaveLength(20);
    const all = [...first, ...second, ...third].map(i => i.entityRef);
    expect(new Set(all).size).toBe(120);

    const failing = await store.listLatest({ limit: 500, status: 'failing' });
    expect(failing).toHaveLength(40);
    const d1 = await store.listLatest({
      limit: 500,
      domainRef: 'domain:default/d1',
    });
    expect(d1).toHaveLength(30);

    const rollUp = await store.listForRollUp();
    expect(rollUp).toHaveLength(120);
    expect(
      rollUp.find(r => r.entityRef === 'dataproduct:default/p000'),
    ).toEqual({
      entityRef: 'dataproduct:default/p000',
      domainRef: 'domain:default/d0',
      status: 'failing',
      score: 50,
      results: [
        {
          policyId: 'owner-assigned',
          severity: 'required',
          status: 'passed',
        },
        { policyId: 'audit-logging', severity: 'required', status: 'failed' },
      ],
    });
    await knex.destroy();
  });
});
