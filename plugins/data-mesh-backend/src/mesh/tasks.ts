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
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { MeshStore } from '../database/MeshStore';
import type { ObservedStore } from '../database/ObservedStore';
import type { DataMeshSettings } from '../lib/config';
import { runSloRollUp } from './sloRollUp';

/** The id of the scheduled SLO roll-up. */
export const SLO_ROLLUP_TASK_ID = 'data-mesh-slo-rollup';

/**
 * Schedules the SLO roll-up (global scope: once per interval across replicas), which
 * keeps the mesh's SLO attainment current over every product that declares SLOs.
 */
export async function registerMeshTasks(options: {
  settings: DataMeshSettings;
  mesh: MeshStore;
  observed: ObservedStore;
  logger: LoggerService;
  scheduler: SchedulerService;
}): Promise<void> {
  const { settings, mesh, observed, logger, scheduler } = options;
  await scheduler.scheduleTask({
    id: SLO_ROLLUP_TASK_ID,
    scope: 'global',
    ...settings.mesh.sloRollUp.schedule,
    fn: async () => {
      await runSloRollUp({
        mesh,
        observed,
        settings: settings.observed,
        logger,
      });
    },
  });
}
