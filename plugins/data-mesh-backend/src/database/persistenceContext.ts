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
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { ComplianceStore } from './ComplianceStore';
import { MeshStore } from './MeshStore';
import { ObservedStore } from './ObservedStore';
import { configureSqlite } from './sqlite';

/** The stores of the plugin, on its one database. */
export interface PersistenceContext {
  compliance: ComplianceStore;
  observed: ObservedStore;
  mesh: MeshStore;
}

const migrationsDir = resolvePackagePath(
  '@meshwork/plugin-data-mesh-backend',
  'migrations',
);

const contexts = new WeakMap<DatabaseService, Promise<PersistenceContext>>();

/**
 * Connects to the plugin's database, runs the migrations (every file of migrations/, once
 * per database service, unless `migrations.skip` is set) and returns the stores. The same
 * database service always gets the same context; a failed attempt is not kept, so the next
 * call tries again.
 */
export function initializePersistenceContext(
  database: DatabaseService,
): Promise<PersistenceContext> {
  let context = contexts.get(database);
  if (!context) {
    context = (async () => {
      const client = await database.getClient();
      await configureSqlite(client);
      if (!database.migrations?.skip) {
        await client.migrate.latest({ directory: migrationsDir });
      }
      return {
        compliance: new ComplianceStore(client),
        observed: new ObservedStore(client),
        mesh: new MeshStore(client),
      };
    })();
    contexts.set(database, context);
    context.catch(() => contexts.delete(database));
  }
  return context;
}
