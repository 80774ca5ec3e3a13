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
 * Mesh figures aggregated on the server (issue 14), kept current by the sweeps:
 *
 * - data_mesh_mesh_products: every DataProduct the sweeps read, with what the mesh page
 *   lists, filters, searches and sorts by, the catalog etag it was read at (the
 *   incremental sweep's change signal) and its SLO attainment (the SLO roll-up task).
 * - data_mesh_compliance_policies: the per-policy statuses of each latest result, one row
 *   per result, so per-policy roll-ups are SQL.
 * - data_mesh_rollups / data_mesh_rollup_policies: the roll-ups per domain (own products
 *   only; '' for products without a domain), recomputed in SQL after each sweep that
 *   changed something. The mesh and subdomain figures are sums of these rows.
 * - data_mesh_compliance_latest.content_hash: the evaluation without its time, so a sweep
 *   writes only results that changed.
 * - data_mesh_domains: title and etag; data_mesh_sweeps: started_at (rows `last` for the
 *   full sweep, `incremental` for the incremental one).
 */

/** SQL of the roll-up tables from the latest results (also used by the sweeps). */
const ROLLUP_STATUS_SQL = `INSERT INTO data_mesh_rollups (domain_ref, status, products, score_sum)
  SELECT COALESCE(domain_ref, ''), status, COUNT(*), SUM(score)
  FROM data_mesh_compliance_latest GROUP BY COALESCE(domain_ref, ''), status`;
const ROLLUP_POLICIES_SQL = `INSERT INTO data_mesh_rollup_policies (domain_ref, policy_id, status, severity_rank, products)
  SELECT COALESCE(domain_ref, ''), policy_id, status, MIN(severity_rank), COUNT(*)
  FROM data_mesh_compliance_policies GROUP BY COALESCE(domain_ref, ''), policy_id, status`;

const SEVERITY_RANK = { required: 0, recommended: 1, optional: 2 };

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('data_mesh_mesh_products', table => {
    table.comment('Every DataProduct of the catalog, as the mesh page lists it');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 255).notNullable().comment('metadata.title or name');
    table.string('sort_title', 255).notNullable().comment('Lower-cased title');
    table.text('description').nullable();
    table
      .text('search_text')
      .notNullable()
      .comment('Lower-cased title, name and description');
    table.string('domain_ref', 255).nullable().index();
    table.string('type', 64).nullable();
    table.string('lifecycle', 64).nullable();
    table.string('classification', 64).nullable();
    table
      .integer('slo_declared')
      .notNullable()
      .defaultTo(0)
      .comment('How many SLOs it declares');
    table
      .text('slo_input')
      .nullable()
      .comment('JSON: what the SLO status is computed from');
    table.integer('slo_measured').nullable().comment('SLOs with a status');
    table.integer('slo_met').nullable().comment('SLOs met');
    table.string('slo_checked_at', 32).nullable();
    table.string('etag', 255).notNullable().comment('The catalog etag read');
    table.string('updated_at', 32).notNullable();
  });

  await knex.schema.createTable('data_mesh_compliance_policies', table => {
    table.comment('Per-policy statuses of the latest result of each product');
    table.string('entity_ref', 255).notNullable().index();
    table.string('domain_ref', 255).nullable();
    table.string('policy_id', 255).notNullable();
    table
      .integer('severity_rank')
      .notNullable()
      .comment('0 required, 1 recommended, 2 optional');
    table.string('status', 16).notNullable();
  });

  await knex.schema.createTable('data_mesh_rollups', table => {
    table.comment('Products of each domain (own) per compliance status');
    table.string('domain_ref', 255).notNullable().comment('Empty for none');
    table.string('status', 16).notNullable();
    table.integer('products').notNullable();
    table.bigInteger('score_sum').notNullable();
    table.primary(['domain_ref', 'status']);
  });

  await knex.schema.createTable('data_mesh_rollup_policies', table => {
    table.comment('Products of each domain (own) per policy and status');
    table.string('domain_ref', 255).notNullable().comment('Empty for none');
    table.string('policy_id', 255).notNullable();
    table.string('status', 16).notNullable();
    table.integer('severity_rank').notNullable();
    table.integer('products').notNullable();
    table.primary(['domain_ref', 'policy_id', 'status']);
  });

  await knex.schema.alterTable('data_mesh_compliance_latest', table => {
    table
      .string('content_hash', 64)
      .nullable()
      .comment('Hash of the evaluation without its time');
  });
  await knex.schema.alterTable('data_mesh_domains', table => {
    table.string('title', 255).nullable();
    table.string('etag', 255).nullable().comment('The catalog etag read');
  });
  await knex.schema.alterTable('data_mesh_sweeps', table => {
    table.string('started_at', 32).nullable();
  });

  // The per-policy rows and roll-ups of the results already stored.
  let after = '';
  for (;;) {
    const rows = await knex('data_mesh_compliance_latest')
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(500)
      .select('entity_ref', 'domain_ref', 'policy_statuses');
    if (rows.length === 0) break;
    const policyRows = [];
    for (const row of rows) {
      /** @type {Array<[string, string, string]>} */
      const statuses = JSON.parse(row.policy_statuses);
      for (const [policyId, severity, status] of statuses) {
        policyRows.push({
          entity_ref: row.entity_ref,
          domain_ref: row.domain_ref,
          policy_id: policyId,
          severity_rank:
            SEVERITY_RANK[/** @type {keyof SEVERITY_RANK} */ (severity)] ?? 2,
          status,
        });
      }
    }
    for (let i = 0; i < policyRows.length; i += 100) {
      await knex('data_mesh_compliance_policies').insert(
        policyRows.slice(i, i + 100),
      );
    }
    after = rows[rows.length - 1].entity_ref;
  }
  await knex.raw(ROLLUP_STATUS_SQL);
  await knex.raw(ROLLUP_POLICIES_SQL);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('data_mesh_sweeps', table => {
    table.dropColumn('started_at');
  });
  await knex.schema.alterTable('data_mesh_domains', table => {
    table.dropColumn('title');
    table.dropColumn('etag');
  });
  await knex.schema.alterTable('data_mesh_compliance_latest', table => {
    table.dropColumn('content_hash');
  });
  await knex.schema.dropTable('data_mesh_rollup_policies');
  await knex.schema.dropTable('data_mesh_rollups');
  await knex.schema.dropTable('data_mesh_compliance_policies');
  await knex.schema.dropTable('data_mesh_mesh_products');
};
