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
import { num } from '../../util';

/** A recorded run of a scheduled task. */
export interface TaskRunRecord {
  startedAt: number;
  finishedAt: number;
  summary: Record<string, unknown>;
}

/** The recorded runs of a task, oldest first. */
export async function listTaskRuns(
  db: Knex,
  taskId: string,
): Promise<TaskRunRecord[]> {
  const rows = await db<DbTaskRunRow>(TABLES.taskRuns)
    .where('task_id', taskId)
    .orderBy('id')
    .select('started_at', 'finished_at', 'summary');
  return rows.map(r => ({
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    summary: JSON.parse(r.summary),
  }));
}
