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

import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PolicyEngine } from '@meshwork/plugin-data-mesh-node';
import type { ComplianceStore } from '../database/ComplianceStore';
import type { MeshStore } from '../database/MeshStore';
import type { DataMeshSettings } from '../lib/config';
import { ComplianceSweep } from './ComplianceSweep';

/** The id of the scheduled compliance sweep. */
export const COMPLIANCE_SWEEP_TASK_ID = 'data-mesh-compliance-sweep';

/** The id of the incremental compliance sweep (new and changed products). */
export const COMPLIANCE_INCREMENTAL_TASK_ID =
  'data-mesh-compliance-incremental';

/** What {@link registerComplianceTasks} needs. */
export interface ComplianceTasksOptions {
  settings: DataMeshSettings['compliance'];
  store: ComplianceStore;
  mesh: MeshStore;
  engine: PolicyEngine;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  scheduler: SchedulerService;
}

/**
 * Schedules the compliance sweeps: the full one, which evaluates every DataProduct and
 * stores what changed, and the incremental one, which evaluates new and changed products
 * seconds after the catalog processed them. Global scope: with several replicas on one
 * database each runs once per interval.
 */
export async function registerComplianceTasks(
  options: ComplianceTasksOptions,
): Promise<void> {
  const { settings, scheduler } = options;
  const sweep = new ComplianceSweep({
    catalog: options.catalog,
    auth: options.auth,
    engine: options.engine,
    store: options.store,
    mesh: options.mesh,
    logger: options.logger,
    historyRetentionMs: settings.historyRetentionMs,
    historyHeartbeatMs: settings.historyHeartbeatMs,
  });
  await scheduler.scheduleTask({
    id: COMPLIANCE_SWEEP_TASK_ID,
    scope: 'global',
    ...settings.schedule,
    fn: async () => {
      await sweep.run();
    },
  });
  await scheduler.scheduleTask({
    id: COMPLIANCE_INCREMENTAL_TASK_ID,
    scope: 'global',
    ...settings.incremental.schedule,
    fn: async () => {
      await sweep.runIncremental();
    },
  });
}
