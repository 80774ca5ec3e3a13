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
 * Compliance results of data products: the latest evaluation per product, its history over
 * time, and the domain hierarchy seen by the last sweep (for roll-ups that include
 * subdomains). Times are ISO 8601 UTC strings (`Date.toISOString()`, fixed width), which
 * sort and compare the same way on SQLite and PostgreSQL.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('data_mesh_compliance_latest', table => {
    table.comment('The latest policy evaluation of each data product');
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('The product entity ref, e.g. dataproduct:default/customer-360');
    table
      .string('domain_ref', 255)
      .nullable()
      .index()
      .comment('Its domain ref');
    table
      .string('status', 16)
      .notNullable()
      .comment('passing | warning | failing');
    table.boolean('passed').notNullable().comment('No failed required policy');
    table.integer('score').notNullable().comment('0-100');
    table.integer('passed_count').notNullable();
    table.integer('failed_count').notNullable();
    table.integer('waived_count').notNullable();
    table.integer('error_count').notNullable();
    table
      .text('policy_statuses')
      .notNullable()
      .comment('[[policyId, severity, status]]');
    table.text('evaluation').notNullable().comment('The full evaluation, JSON');
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('Hash of what the history tracks');
    table.string('evaluated_at', 32).notNullable();
    table
      .string('history_at', 32)
      .notNullable()
      .comment('When history was last appended');
  });

  await knex.schema.createTable('data_mesh_compliance_history', table => {
    table.comment(
      'Compliance of data products over time: a row when it changes, else daily',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('domain_ref', 255).nullable();
    table.string('status', 16).notNullable();
    table.boolean('passed').notNullable();
    table.integer('score').notNullable();
    table.integer('passed_count').notNullable();
    table.integer('failed_count').notNullable();
    table.integer('waived_count').notNullable();
    table.integer('error_count').notNullable();
    table.text('policy_statuses').notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.index(
      ['entity_ref', 'id'],
      'data_mesh_compliance_history_entity_idx',
    );
    table.index(['evaluated_at'], 'data_mesh_compliance_history_time_idx');
  });

  await knex.schema.createTable('data_mesh_domains', table => {
    table.comment('Domains and their parents, as of the last compliance sweep');
    table.string('domain_ref', 255).primary().notNullable();
    table.string('parent_ref', 255).nullable();
  });

  await knex.schema.createTable('data_mesh_sweeps', table => {
    table.comment('The last compliance sweep (a single row)');
    table.string('id', 16).primary().notNullable();
    table.string('finished_at', 32).notNullable();
    table.integer('products').notNullable();
    table.integer('domains').notNullable();
    table.integer('duration_ms').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('data_mesh_sweeps');
  await knex.schema.dropTable('data_mesh_domains');
  await knex.schema.dropTable('data_mesh_compliance_history');
  await knex.schema.dropTable('data_mesh_compliance_latest');
};
