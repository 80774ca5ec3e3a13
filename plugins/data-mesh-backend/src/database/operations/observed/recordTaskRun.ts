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
import { TABLES, type DbTaskRunRow } from '../../tables';

const KEEP = 1000;

/** Records a run of a scheduled task, keeping the last 1000 per task. */
export async function recordTaskRun(
  db: Knex,
  run: {
    taskId: string;
    startedAt: number;
    finishedAt: number;
    summary: object;
  },
): Promise<void> {
  await db<DbTaskRunRow>(TABLES.taskRuns).insert({
    task_id: run.taskId,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    summary: JSON.stringify(run.summary),
  });
  const old = await db<DbTaskRunRow>(TABLES.taskRuns)
    .where('task_id', run.taskId)
    .orderBy('id', 'desc')
    .offset(KEEP)
    .limit(1)
    .select('id');
  if (old.length) {
    await db<DbTaskRunRow>(TABLES.taskRuns)
      .where('task_id', run.taskId)
      .andWhere('id', '<=', old[0].id!)
      .delete();
  }
}
