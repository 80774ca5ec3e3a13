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
  bindingRows,
  type ProductMapping,
} from '../../../observed/productMapping';
import {
  TABLES,
  type DbBindingRow,
  type DbCatalogProductRow,
  type DbEdgeRow,
  type DbObservedStateRow,
} from '../../tables';
import { chunks, compare, forUpdate } from '../../util';
import { remapObservedEdges } from './remapObservedEdges';

/** A product as the catalog sync read it. */
export interface CatalogProduct extends ProductMapping {
  /**
   * What it was read from (its catalog etag and the matching options), stored so that
   * the next incremental sync reads it again only when this differs. Without one it is
   * read every run.
   */
  signature?: string;
}

/** What {@link applyCatalogChanges} found and wrote. */
export interface ApplyCatalogChangesResult {
  /** Products read (new, changed or all of them). */
  products: number;
  /** Products whose bindings or declared inputs differed from the stored ones. */
  changed: number;
  /** Products gone from the catalog whose bindings or declared edges were deleted. */
  removed: number;
  bindingsChanged: boolean;
  declaredChanged: boolean;
  /** Jobs whose observed lineage was mapped again. */
  remappedJobs: number;
}

// Serialises the incremental and the full sync, which are separate tasks.
const LOCK_KEY = 'catalog.sync';

const bindingKey = (b: Pick<DbBindingRow, 'kind' | 'match_key'>) =>
  `${b.kind}\u0000${b.match_key}`;

const sameSet = (a: Set<string>, b: Set<string>) =>
  a.size === b.size && [...a].every(x => b.has(x));

async function lock(trx: Knex, now: number) {
  await trx<DbObservedStateRow>(TABLES.state)
    .insert({ key: LOCK_KEY, value: '', updated_at: now })
    .onConflict('key')
    .ignore();
  await forUpdate(
    trx,
    trx<DbObservedStateRow>(TABLES.state).where('key', LOCK_KEY).select('key'),
  );
}

/**
 * Applies the given products and removals in the caller's transaction: compares each
 * product's bindings and declared inputs with the stored ones and writes only those that
 * differ; maps observed lineage again only around the products whose bindings changed.
 */
export async function applyProducts(
  trx: Knex,
  products: CatalogProduct[],
  removedRefs: string[],
  now: number,
): Promise<ApplyCatalogChangesResult> {
  await lock(trx, now);
  const byRef = new Map(products.map(p => [p.ref, p]));
  const removedSet = new Set(removedRefs.filter(r => !byRef.has(r)));
  const refs = [...byRef.keys(), ...removedSet].sort(compare);

  const storedBindings = new Map<string, DbBindingRow[]>();
  const storedDeclared = new Map<string, Set<string>>();
  const storedSignatures = new Map<string, string | null>();
  for (const part of chunks(refs, 500)) {
    // One after the other: a transaction is one connection.
    const bindings = await trx<DbBindingRow>(TABLES.bindings)
      .whereIn('product_ref', part)
      .select('match_key', 'product_ref', 'kind');
    const declared = await trx<DbEdgeRow>(TABLES.edges)
      .whereIn('target', part)
      .andWhere('declared', true)
      .select('source', 'target');
    const signatures = await trx<DbCatalogProductRow>(TABLES.catalogProducts)
      .whereIn('product_ref', part)
      .select('product_ref', 'signature');
    for (const b of bindings) {
      storedBindings.set(b.product_ref, [
        ...(storedBindings.get(b.product_ref) ?? []),
        b,
      ]);
    }
    for (const e of declared) {
      if (!storedDeclared.has(e.target))
        storedDeclared.set(e.target, new Set());
      storedDeclared.get(e.target)!.add(e.source);
    }
    for (const s of signatures) {
      storedSignatures.set(s.product_ref, s.signature);
    }
  }

  const bindingsChanged: string[] = [];
  const declaredChanged: string[] = [];
  const newBindings: DbBindingRow[] = [];
  const remap = { datasetKeys: [] as string[], jobIds: [] as string[] };
  const noteKeys = (rows: Array<Pick<DbBindingRow, 'kind' | 'match_key'>>) => {
    for (const r of rows) {
      if (r.kind === 'job') remap.jobIds.push(r.match_key.slice('job:'.length));
      else remap.datasetKeys.push(r.match_key);
    }
  };
  for (const ref of refs) {
    const mapping = byRef.get(ref);
    const before = storedBindings.get(ref) ?? [];
    const after: DbBindingRow[] = mapping ? bindingRows(mapping) : [];
    if (
      !sameSet(new Set(before.map(bindingKey)), new Set(after.map(bindingKey)))
    ) {
      bindingsChanged.push(ref);
      newBindings.push(...after);
      noteKeys(before);
      noteKeys(after);
    }
    const declared = new Set(mapping?.declaredInputs.map(i => i.node) ?? []);
    if (!sameSet(storedDeclared.get(ref) ?? new Set(), declared)) {
      declaredChanged.push(ref);
    }
  }

  for (const part of chunks(bindingsChanged, 500)) {
    await trx<DbBindingRow>(TABLES.bindings)
      .whereIn('product_ref', part)
      .delete();
  }
  for (const part of chunks(newBindings, 500)) {
    await trx<DbBindingRow>(TABLES.bindings)
      .insert(part)
      .onConflict(['match_key', 'product_ref'])
      .ignore();
  }

  for (const part of chunks(declaredChanged, 500)) {
    await trx<DbEdgeRow>(TABLES.edges)
      .whereIn('target', part)
      .andWhere('declared', true)
      .update({ declared: false });
    const rows = part.flatMap(ref =>
      (byRef.get(ref)?.declaredInputs ?? []).map(
        (i): DbEdgeRow => ({
          source: i.node,
          target: ref,
          declared: true,
          observed: false,
        }),
      ),
    );
    for (const rowsPart of chunks(rows, 500)) {
      await trx<DbEdgeRow>(TABLES.edges)
        .insert(rowsPart)
        .onConflict(['source', 'target'])
        .merge({ declared: true });
    }
    // An edge neither declared nor observed nor static is no edge.
    await trx<DbEdgeRow>(TABLES.edges)
      .whereIn('target', part)
      .andWhere({ declared: false, observed: false, static: false })
      .delete();
  }

  const remapped =
    bindingsChanged.length > 0
      ? await remapObservedEdges(trx, { products: bindingsChanged, ...remap })
      : { jobs: 0, all: false };

  const signatures = products
    .filter(p => storedSignatures.get(p.ref) !== (p.signature ?? null))
    .map(
      (p): DbCatalogProductRow => ({
        product_ref: p.ref,
        signature: p.signature ?? null,
        updated_at: now,
      }),
    );
  for (const part of chunks(signatures, 500)) {
    await trx<DbCatalogProductRow>(TABLES.catalogProducts)
      .insert(part)
      .onConflict('product_ref')
      .merge(['signature', 'updated_at']);
  }
  for (const part of chunks([...removedSet], 500)) {
    await trx<DbCatalogProductRow>(TABLES.catalogProducts)
      .whereIn('product_ref', part)
      .delete();
  }

  const changed = new Set(
    [...bindingsChanged, ...declaredChanged].filter(r => byRef.has(r)),
  );
  return {
    products: products.length,
    changed: changed.size,
    removed: removedSet.size,
    bindingsChanged: bindingsChanged.length > 0,
    declaredChanged: declaredChanged.length > 0,
    remappedJobs: remapped.jobs,
  };
}

/**
 * Applies what changed in the catalog since the last sync: the new and changed
 * products (read again because their signature differs) and those gone from the
 * catalog. One transaction.
 */
export async function applyCatalogChanges(
  db: Knex,
  changes: { products: CatalogProduct[]; removed: string[] },
  now: number,
): Promise<ApplyCatalogChangesResult> {
  return db.transaction(trx =>
    applyProducts(trx, changes.products, changes.removed, now),
  );
}
