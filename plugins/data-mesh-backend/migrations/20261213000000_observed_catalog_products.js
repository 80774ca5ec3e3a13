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

// @ts-check

/*
 * The incremental observed catalog sync (issue 14).
 *
 * The sync read every DataProduct in full each run and hashed the whole mesh's bindings;
 * at 10,000 products it timed out. It now reads each product's catalog etag only, and in
 * full only the products whose etag differs from what it applied last: this table holds,
 * per product, the signature of what was applied (the etag and the matching options).
 * The mesh-wide hashes in data_mesh_observed_state are no longer used. Empty after the
 * migration, so the first run reads every product once and writes only what differs from
 * the stored bindings.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'data_mesh_observed_catalog_products',
    table => {
      table.comment(
        'Per data product, what the observed catalog sync applied of it (etag and matching options)',
      );
      table
        .string('product_ref', 255)
        .primary()
        .notNullable()
        .comment('The product node: its entity ref, lowercased');
      table
        .string('signature', 255)
        .nullable()
        .comment('The catalog etag and matching options; null: read every run');
      table.bigInteger('updated_at').notNullable();
    },
  );
  await knex('data_mesh_observed_state')
    .whereIn('key', ['catalog.bindings', 'catalog.declared'])
    .delete();
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('data_mesh_observed_catalog_products');
};
