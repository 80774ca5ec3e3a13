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

import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  bindingRows,
  type ProductMapping,
} from '../../../observed/productMapping';
import {
  TABLES,
  type DbBindingRow,
  type DbEdgeRow,
  type DbObservedStateRow,
} from '../../tables';
import { chunks, forUpdate } from '../../util';
import { recomputeObservedEdges } from './deriveObservedEdges';

/** What {@link applyCatalog} found and wrote. */
export interface ApplyCatalogResult {
  products: number;
  bindings: number;
  declaredEdges: number;
  bindingsChanged: boolean;
  declaredChanged: boolean;
}

const BINDINGS_KEY = 'catalog.bindings';
const DECLARED_KEY = 'catalog.declared';

/**
 * Applies what the catalog holds: every product's bindings and declared inputs. Only what
 * changed since the last sync is written; when the bindings changed, observed edges are
 * derived again. One transaction.
 */
export async function applyCatalog(
  db: Knex,
  mappings: ProductMapping[],
  now: number,
): Promise<ApplyCatalogResult> {
  const bindings: DbBindingRow[] = mappings
    .flatMap(bindingRows)
    .sort((a, b) =>
      `${a.match_key}\u0000${a.product_ref}`.localeCompare(
        `${b.match_key}\u0000${b.product_ref}`,
      ),
    );
  const declared = [
    ...new Set(
      mappings.flatMap(m =>
        m.declaredInputs.map(i => `${i.node}\u0000${m.ref}`),
      ),
    ),
  ].sort();
  const hash = (rows: unknown) =>
    createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  const bindingsHash = hash(bindings);
  const declaredHash = hash(declared);

  return db.transaction(async trx => {
    const stateRows: DbObservedStateRow[] = await forUpdate(
      trx,
      trx<DbObservedStateRow>(TABLES.state)
        .whereIn('key', [BINDINGS_KEY, DECLARED_KEY])
        .select(),
    );
    const state = new Map(stateRows.map(r => [r.key, r.value]));
    const bindingsChanged = state.get(BINDINGS_KEY) !== bindingsHash;
    const declaredChanged = state.get(DECLARED_KEY) !== declaredHash;
    if (bindingsChanged) {
      await trx(TABLES.bindings).delete();
      for (const part of chunks(bindings, 500)) {
        await trx<DbBindingRow>(TABLES.bindings)
          .insert(part)
          .onConflict(['match_key', 'product_ref'])
          .ignore();
      }
    }
    if (declaredChanged) {
      await trx<DbEdgeRow>(TABLES.edges)
        .where('declared', true)
        .update({ declared: false });
      const rows = declared.map((d): DbEdgeRow => {
        const [source, target] = d.split('\u0000');
        return { source, target, declared: true, observed: false };
      });
      for (const part of chunks(rows, 500)) {
        await trx<DbEdgeRow>(TABLES.edges)
          .insert(part)
          .onConflict(['source', 'target'])
          .merge({ declared: true });
      }
      await trx<DbEdgeRow>(TABLES.edges)
        .where({ declared: false, observed: false })
        .delete();
    }
    if (bindingsChanged) {
      await recomputeObservedEdges(trx);
    }
    for (const [key, value] of [
      [BINDINGS_KEY, bindingsHash],
      [DECLARED_KEY, declaredHash],
    ]) {
      await trx<DbObservedStateRow>(TABLES.state)
        .insert({ key, value, updated_at: now })
        .onConflict('key')
        .merge(['value', 'updated_at']);
    }
    return {
      products: mappings.length,
      bindings: bindings.length,
      declaredEdges: declared.length,
      bindingsChanged,
      declaredChanged,
    };
  });
}
