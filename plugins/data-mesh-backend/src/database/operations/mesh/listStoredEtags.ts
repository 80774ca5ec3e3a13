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
import { TABLES, type DbDomainRow, type DbMeshProductRow } from '../../tables';

/** What the incremental sweep compares with the catalog. */
export interface StoredEtags {
  /** Product ref to its etag and domain. */
  products: Map<string, { etag: string; domainRef: string | null }>;
  /** Domain ref to its etag (null when read before etags were stored). */
  domains: Map<string, string | null>;
}

/** The catalog etags the sweeps last read, of every product and domain. */
export async function listStoredEtags(db: Knex): Promise<StoredEtags> {
  const [products, domains] = await Promise.all([
    db<DbMeshProductRow>(TABLES.meshProducts).select(
      'entity_ref',
      'etag',
      'domain_ref',
    ),
    db<DbDomainRow>(TABLES.domains).select('domain_ref', 'etag'),
  ]);
  return {
    products: new Map(
      products.map(p => [
        p.entity_ref,
        { etag: p.etag, domainRef: p.domain_ref },
      ]),
    ),
    domains: new Map(domains.map(d => [d.domain_ref, d.etag ?? null])),
  };
}
