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
import {
  insertObservations,
  observationKey,
  type ObservationRow,
} from './insertObservations';

/** A measured value reported through the API. */
export interface ObservationInput {
  /** The product's node id (its entity ref, lowercased). */
  subject: string;
  indicator: string;
  value: number;
  /** Epoch milliseconds. */
  observedAt: number;
}

/** Stores measured values of products; the same subject, indicator and time once. */
export async function ingestObservations(
  db: Knex,
  items: ObservationInput[],
  sentBy: string,
  now: number,
): Promise<{ stored: number; duplicates: number }> {
  const rows: ObservationRow[] = items.map(o => ({
    dedupe_key: observationKey(['api', o.subject, o.indicator, o.observedAt]),
    subject: o.subject,
    indicator: o.indicator,
    value: o.value,
    observed_at: o.observedAt,
    source: 'api',
    sent_by: sentBy,
    received_at: now,
  }));
  const stored = await db.transaction(trx => insertObservations(trx, rows));
  return { stored, duplicates: items.length - stored };
}
