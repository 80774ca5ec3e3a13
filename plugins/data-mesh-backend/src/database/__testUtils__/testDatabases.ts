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

/*
 * The databases the storage tests run on (SQLite always, PostgreSQL 15 when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set), migrated through the
 * plugin's persistence context, and a compliance result builder.
 */

import { TestDatabases } from '@backstage/backend-test-utils';
import type { ProductEvaluation } from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import {
  initializePersistenceContext,
  type PersistenceContext,
} from '../persistenceContext';

/** Creates the test databases; call once at the top of a test file. */
export function createTestDatabases() {
  if (!process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
    // eslint-disable-next-line no-console
    console.warn(
      'PostgreSQL tests skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}

/** A fresh database of the given id, migrated, with the stores on it. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
): Promise<{ knex: Knex } & PersistenceContext> {
  const knex = await databases.init(databaseId);
  const context = await initializePersistenceContext({
    getClient: async () => knex,
  });
  return { knex, ...context };
}

export const DAY = 24 * 3600 * 1000;

/** A product's evaluation as the sweep stores it. */
export function evaluation(
  name: string,
  status: ProductEvaluation['status'],
  options: { domainRef?: string; at?: Date; score?: number } = {},
): ProductEvaluation {
  const failed = status === 'passing' ? 0 : 1;
  return {
    entityRef: `dataproduct:default/${name}`,
    ...(options.domainRef ? { domainRef: options.domainRef } : {}),
    evaluatedAt: (options.at ?? new Date('2025-06-01T00:00:00Z')).toISOString(),
    status,
    passed: status !== 'failing',
    score: options.score ?? (failed ? 50 : 100),
    counts: { passed: 1, failed, waived: 0, error: 0 },
    results: [
      {
        policyId: 'owner-assigned',
        title: 'Owner assigned',
        severity: 'required',
        status: 'passed',
        message: 'ok',
        source: 'builtin',
      },
      ...(failed
        ? [
            {
              policyId: 'audit-logging',
              title: 'Audit logging',
              severity:
                status === 'failing'
                  ? ('required' as const)
                  : ('recommended' as const),
              status: 'failed' as const,
              message: 'no audit',
              remediation: 'turn it on',
              source: 'builtin' as const,
            },
          ]
        : []),
    ],
    notes: [],
  };
}
