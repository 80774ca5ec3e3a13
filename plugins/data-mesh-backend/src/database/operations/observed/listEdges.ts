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
import { TABLES, type DbEdgeRow } from '../../tables';
import { bool, chunks, optNum } from '../../util';

/** A lineage edge. */
export interface EdgeRecord {
  source: string;
  target: string;
  declared: boolean;
  observed: boolean;
  observedLastAt?: number;
  /** Shown by a JobEvent's inputs and outputs (static lineage). */
  static?: boolean;
}

/** The edges into (upstream) or out of (downstream) the given nodes. */
export async function listEdges(
  db: Knex,
  nodes: string[],
  direction: 'upstream' | 'downstream',
): Promise<EdgeRecord[]> {
  const out: EdgeRecord[] = [];
  for (const part of chunks(nodes, 500)) {
    const rows = await db<DbEdgeRow>(TABLES.edges)
      .whereIn(direction === 'upstream' ? 'target' : 'source', part)
      .select(
        'source',
        'target',
        'declared',
        'observed',
        'observed_last_at',
        'static',
      );
    for (const r of rows) {
      out.push({
        source: r.source,
        target: r.target,
        declared: bool(r.declared),
        observed: bool(r.observed),
        observedLastAt: optNum(r.observed_last_at),
        static: bool(r.static ?? false),
      });
    }
  }
  return out;
}
