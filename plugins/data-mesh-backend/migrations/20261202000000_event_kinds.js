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
 * The other two OpenLineage event kinds (spec 2-0-2): DatasetEvent and JobEvent.
 *
 * - data_mesh_ol_events keeps every kind's raw events (pruned by event_time as before);
 *   event_kind says which. A DatasetEvent or JobEvent has no run: its run_id is '' (a
 *   runId is a UUID, so '' never matches one) and its event_type is ''; a DatasetEvent's
 *   job_id is '' too. event_key is now the sha256 of the event's canonical JSON.
 * - data_mesh_ol_static_io: the inputs and outputs a JobEvent declares for its job
 *   (static lineage: what the job is defined to read and write, not what a run did).
 * - data_mesh_ol_dataset_facets: the latest facet of each name per dataset, from any
 *   event kind (schema, ownership, symlinks, ...). Kept, not pruned.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('data_mesh_ol_events', table => {
    table
      .string('event_kind', 16)
      .notNullable()
      .defaultTo('RunEvent')
      .comment('RunEvent | DatasetEvent | JobEvent');
  });

  await knex.schema.createTable('data_mesh_ol_static_io', table => {
    table.comment(
      'The inputs and outputs JobEvents declare for a job (static lineage)',
    );
    table.text('job_id').notNullable().comment('<job namespace>/<job name>');
    table.string('direction', 3).notNullable().comment('in | out');
    table.text('dataset_id').notNullable();
    table.bigInteger('first_at').notNullable().comment('Earliest eventTime');
    table.bigInteger('last_at').notNullable().comment('Latest eventTime');
    table.primary(['job_id', 'direction', 'dataset_id']);
    table.index(['dataset_id', 'direction'], 'data_mesh_ol_static_io_ds_idx');
  });

  await knex.schema.createTable('data_mesh_ol_dataset_facets', table => {
    table.comment(
      'The latest facet of each name per dataset, from any event kind',
    );
    table.text('dataset_id').notNullable();
    table.string('facet', 255).notNullable().comment('The facet name');
    table
      .text('payload')
      .notNullable()
      .comment('The facet JSON as sent (`_deleted: true` marks a deletion)');
    table
      .bigInteger('event_time')
      .notNullable()
      .comment('eventTime of the event that set it');
    table.text('producer').notNullable().comment("The facet's _producer");
    table.primary(['dataset_id', 'facet']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('data_mesh_ol_dataset_facets');
  await knex.schema.dropTable('data_mesh_ol_static_io');
  await knex.schema.alterTable('data_mesh_ol_events', table => {
    table.dropColumn('event_kind');
  });
};
