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
import { TABLES, type DbCatalogProductRow } from '../../tables';

/**
 * What the catalog sync applied of each product: product node to the signature it was
 * read with (null: read every run).
 */
export async function listCatalogSignatures(
  db: Knex,
): Promise<Map<string, string | null>> {
  const rows = await db<DbCatalogProductRow>(TABLES.catalogProducts).select(
    'product_ref',
    'signature',
  );
  return new Map(rows.map(r => [r.product_ref, r.signature]));
}
