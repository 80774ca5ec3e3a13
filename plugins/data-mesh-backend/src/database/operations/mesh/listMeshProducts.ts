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
  TABLES,
  type DbBigInt,
  type DbComplianceLatestRow,
  type DbMeshProductRow,
} from '../../tables';

/** How the mesh's product list can be sorted. */
export type MeshProductSort =
  | 'title'
  | 'domain'
  | 'type'
  | 'lifecycle'
  | 'classification'
  | 'score';

/** Options of {@link listMeshProducts}. */
export interface ListMeshProductsOptions {
  offset: number;
  limit: number;
  /** Words that must all be in the title, name or description (any case). */
  search?: string;
  domainRef?: string;
  type?: string;
  lifecycle?: string;
  classification?: string;
  /** A compliance status, or `unevaluated` for products without a stored result. */
  compliance?: 'passing' | 'warning' | 'failing' | 'unevaluated';
  sort: MeshProductSort;
  order: 'asc' | 'desc';
  /** Only these refs (the products a caller may see), when given. */
  onlyRefs?: ReadonlySet<string>;
}

/** One row of the list: the product and its latest compliance. */
export type MeshProductListRow = Pick<
  DbMeshProductRow,
  | 'entity_ref'
  | 'namespace'
  | 'name'
  | 'title'
  | 'description'
  | 'domain_ref'
  | 'type'
  | 'lifecycle'
  | 'classification'
  | 'slo_declared'
  | 'slo_measured'
  | 'slo_met'
> &
  Partial<Pick<DbComplianceLatestRow, 'status' | 'score'>>;

const SORT_COLUMNS: Record<MeshProductSort, string> = {
  title: 'p.sort_title',
  domain: 'p.domain_ref',
  type: 'p.type',
  lifecycle: 'p.lifecycle',
  classification: 'p.classification',
  score: 'c.score',
};

/** A LIKE pattern matching `term` literally. */
const likeEscaped = (term: string) =>
  `%${term.replace(/[\\%_]/g, c => `\\${c}`)}%`;

/**
 * A page of the mesh's products, filtered, searched and sorted in SQL, with the total
 * that match. Ties are broken by entity ref, so pages never overlap. With `onlyRefs`
 * the matching rows are read and restricted in memory (callers whose catalog access is
 * conditional).
 */
export async function listMeshProducts(
  db: Knex,
  options: ListMeshProductsOptions,
): Promise<{ items: MeshProductListRow[]; totalItems: number }> {
  const query = db<DbMeshProductRow>({ p: TABLES.meshProducts }).leftJoin(
    { c: TABLES.complianceLatest },
    'c.entity_ref',
    'p.entity_ref',
  );
  for (const word of (options.search ?? '')
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)) {
    query.whereRaw(`p.search_text LIKE ? ESCAPE '\\'`, [likeEscaped(word)]);
  }
  if (options.domainRef !== undefined)
    query.where('p.domain_ref', options.domainRef);
  if (options.type !== undefined) query.where('p.type', options.type);
  if (options.lifecycle !== undefined)
    query.where('p.lifecycle', options.lifecycle);
  if (options.classification !== undefined)
    query.where('p.classification', options.classification);
  if (options.compliance === 'unevaluated') query.whereNull('c.entity_ref');
  else if (options.compliance !== undefined)
    query.where('c.status', options.compliance);

  const columns = [
    'p.entity_ref',
    'p.namespace',
    'p.name',
    'p.title',
    'p.description',
    'p.domain_ref',
    'p.type',
    'p.lifecycle',
    'p.classification',
    'p.slo_declared',
    'p.slo_measured',
    'p.slo_met',
    'c.status',
    'c.score',
  ];
  const sorted = query
    .clone()
    .select(columns)
    // Products without the value sort last either way.
    .orderByRaw(
      `CASE WHEN ${SORT_COLUMNS[options.sort]} IS NULL THEN 1 ELSE 0 END`,
    )
    .orderBy(SORT_COLUMNS[options.sort], options.order)
    .orderBy('p.entity_ref', options.order);

  if (options.onlyRefs) {
    const only = options.onlyRefs;
    const all = ((await sorted) as MeshProductListRow[]).filter(r =>
      only.has(r.entity_ref),
    );
    return {
      items: all.slice(options.offset, options.offset + options.limit),
      totalItems: all.length,
    };
  }
  const [items, count] = await Promise.all([
    sorted.offset(options.offset).limit(options.limit) as Promise<
      MeshProductListRow[]
    >,
    query.clone().count({ n: '*' }).first() as Promise<
      { n: DbBigInt } | undefined
    >,
  ]);
  return { items, totalItems: Number(count?.n ?? 0) };
}
