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
import type { ParsedLineageEvent } from '../../../observed/openlineage';
import { TABLES, type DbEventRow } from '../../tables';
import { insertValues } from './insertValues';

/**
 * The raw row of an event of any kind (data_mesh_ol_events). A DatasetEvent or JobEvent
 * has no run: run_id and event_type are '' (a runId is a UUID, never ''), and a
 * DatasetEvent's job_id is ''.
 */
export function eventRow(
  e: ParsedLineageEvent,
  jobIdOf: string,
  sentBy: string,
  now: number,
): DbEventRow {
  return {
    event_key: e.key,
    event_kind: e.kind,
    run_id: e.kind === 'RunEvent' ? e.runId : '',
    event_type: e.kind === 'RunEvent' ? e.eventType : '',
    event_time: e.time,
    job_id: jobIdOf,
    producer: e.event.producer,
    schema_url: e.event.schemaURL,
    sent_by: sentBy,
    received_at: now,
    payload: JSON.stringify(e.raw),
  };
}

/** Inserts event rows once each (by event_key); returns the keys stored now. */
export async function insertEvents(
  db: Knex,
  rows: DbEventRow[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const r of await insertValues(db, TABLES.events, rows, {
    conflict: ['event_time', 'event_key'],
    onConflict: 'ignore',
    returning: ['event_key'],
  })) {
    inserted.add(r.event_key as string);
  }
  return inserted;
}
