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
import { bindingRows } from '../../../observed/productMapping';
import {
  TABLES,
  type DbBindingRow,
  type DbCatalogProductRow,
  type DbEdgeRow,
} from '../../tables';
import {
  applyProducts,
  type ApplyCatalogChangesResult,
  type CatalogProduct,
} from './applyCatalogChanges';

/** What {@link applyCatalog} found and wrote. */
export interface ApplyCatalogResult extends ApplyCatalogChangesResult {
  /** Binding rows of all products read. */
  bindings: number;
  /** Declared edges of all products read. */
  declaredEdges: number;
}

/**
 * Applies everything the catalog holds (the full sync): every product's bindings and
 * declared inputs, compared with the stored ones product by product; only those that
 * differ are written, and observed lineage is mapped again only around products whose
 * bindings changed. Products with stored bindings, declared edges or a stored signature
 * that are not among `products` are gone from the catalog and removed. One transaction.
 */
export async function applyCatalog(
  db: Knex,
  products: CatalogProduct[],
  now: number,
): Promise<ApplyCatalogResult> {
  return db.transaction(async trx => {
    const read = new Set(products.map(p => p.ref));
    const known = new Set<string>();
    for (const r of await trx<DbCatalogProductRow>(
      TABLES.catalogProducts,
    ).select('product_ref')) {
      known.add(r.product_ref);
    }
    for (const r of await trx<DbBindingRow>(TABLES.bindings).distinct(
      'product_ref',
    )) {
      known.add(r.product_ref);
    }
    for (const r of await trx<DbEdgeRow>(TABLES.edges)
      .where('declared', true)
      .distinct('target')) {
      known.add(r.target);
    }
    const result = await applyProducts(
      trx,
      products,
      [...known].filter(ref => !read.has(ref)),
      now,
    );
    return {
      ...result,
      bindings: products.reduce((n, p) => n + bindingRows(p).length, 0),
      declaredEdges: products.reduce((n, p) => n + p.declaredInputs.length, 0),
    };
  });
}
