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
 * Observed reality: OpenLineage run events and measured values as pipelines report them,
 * and what is derived from them at ingest (run state, hourly aggregates, refresh times,
 * observed lineage). Times are epoch milliseconds (bigint), hours are epoch hours.
 *
 * Raw tables (pruned after `dataMesh.observed.retention.rawDays`): data_mesh_ol_events,
 * data_mesh_ol_runs, data_mesh_ol_run_datasets, data_mesh_obs_observations.
 * Aggregates (pruned after `dataMesh.observed.retention.aggregateDays`):
 * data_mesh_ol_job_hourly, data_mesh_ol_refreshes, data_mesh_obs_hourly.
 * Kept: jobs, datasets, their match keys, job/dataset io, lineage bindings and edges.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('data_mesh_ol_events', table => {
    table.comment('OpenLineage run events, as received (raw, pruned)');
    table.bigIncrements('id').primary();
    table
      .string('event_key', 64)
      .notNullable()
      .unique('data_mesh_ol_events_key_uq')
      .comment(
        'sha256 of runId, eventType and eventTime: the same event is stored once',
      );
    table.string('run_id', 255).notNullable();
    table.string('event_type', 16).notNullable();
    table.bigInteger('event_time').notNullable();
    table.text('job_id').notNullable().comment('<job namespace>/<job name>');
    table.text('producer').notNullable();
    table.text('schema_url').notNullable();
    table.string('sent_by', 255).notNullable().comment('The sender principal');
    table.bigInteger('received_at').notNullable();
    table
      .text('payload')
      .notNullable()
      .comment('The event JSON, unknown facets included');
    table.index(['run_id'], 'data_mesh_ol_events_run_idx');
    table.index(['event_time'], 'data_mesh_ol_events_time_idx');
  });

  await knex.schema.createTable('data_mesh_ol_runs', table => {
    table.comment(
      'Runs, their state derived from all their events (raw, pruned)',
    );
    table.string('run_id', 255).primary().notNullable();
    table.text('job_id').notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('RUNNING | COMPLETE | FAIL | ABORT | OTHER');
    table
      .integer('state_class')
      .notNullable()
      .comment(
        '2 terminal, 1 START/RUNNING, 0 OTHER: the order deciding the state',
      );
    table
      .bigInteger('state_at')
      .notNullable()
      .comment('Time of the deciding event');
    table
      .integer('state_rank')
      .notNullable()
      .comment('Tie-break between event types');
    table.bigInteger('started_at').notNullable().comment('Earliest event');
    table.bigInteger('ended_at').nullable().comment('Deciding terminal event');
    table
      .bigInteger('completed_at')
      .nullable()
      .comment('Latest COMPLETE event');
    table.bigInteger('last_event_at').notNullable();
    table.integer('event_count').notNullable();
    table.string('sent_by', 255).notNullable();
    table.index(['job_id', 'started_at'], 'data_mesh_ol_runs_job_idx');
    table.index(['job_id', 'ended_at'], 'data_mesh_ol_runs_job_end_idx');
    table.index(['last_event_at'], 'data_mesh_ol_runs_last_idx');
  });

  await knex.schema.createTable('data_mesh_ol_run_datasets', table => {
    table.comment(
      'The inputs and outputs of each run, merged over its events (raw, pruned)',
    );
    table.string('run_id', 255).notNullable();
    table.text('dataset_id').notNullable();
    table.string('direction', 3).notNullable().comment('in | out');
    table.primary(['run_id', 'direction', 'dataset_id']);
  });

  await knex.schema.createTable('data_mesh_ol_jobs', table => {
    table.comment('OpenLineage jobs seen');
    table.text('job_id').primary().notNullable();
    table.text('namespace').notNullable();
    table.text('name').notNullable();
  });

  await knex.schema.createTable('data_mesh_ol_datasets', table => {
    table.comment(
      'OpenLineage datasets seen; dataset_id is the normalised namespace/name',
    );
    table.text('dataset_id').primary().notNullable();
    table.text('namespace').notNullable();
    table.text('name').notNullable();
  });

  await knex.schema.createTable('data_mesh_ol_dataset_keys', table => {
    table.comment('The keys a dataset is matched to output port locations by');
    table.text('match_key').notNullable();
    table.text('dataset_id').notNullable();
    table.primary(['match_key', 'dataset_id']);
    table.index(['dataset_id'], 'data_mesh_ol_dataset_keys_ds_idx');
  });

  await knex.schema.createTable('data_mesh_ol_io', table => {
    table.comment('Which job read or wrote which dataset, when first and last');
    table.text('job_id').notNullable();
    table.string('direction', 3).notNullable();
    table.text('dataset_id').notNullable();
    table.bigInteger('first_at').notNullable();
    table.bigInteger('last_at').notNullable();
    table.primary(['job_id', 'direction', 'dataset_id']);
    table.index(['dataset_id', 'direction'], 'data_mesh_ol_io_ds_idx');
  });

  await knex.schema.createTable('data_mesh_ol_job_hourly', table => {
    table.comment(
      'Terminal runs per job and hour of the deciding event (aggregate)',
    );
    table.text('job_id').notNullable();
    table.integer('hour').notNullable();
    table.integer('complete_count').notNullable().defaultTo(0);
    table.integer('fail_count').notNullable().defaultTo(0);
    table.integer('abort_count').notNullable().defaultTo(0);
    table.primary(['job_id', 'hour']);
    table.index(['hour'], 'data_mesh_ol_job_hourly_hour_idx');
  });

  await knex.schema.createTable('data_mesh_ol_refreshes', table => {
    table.comment(
      'When a job completed a run, or a completed run wrote a dataset (aggregate, freshness)',
    );
    table
      .text('subject')
      .notNullable()
      .comment('ol-job:<id> or ol-dataset:<id>');
    table.bigInteger('at').notNullable();
    table.primary(['subject', 'at']);
    table.index(['at'], 'data_mesh_ol_refreshes_at_idx');
  });

  await knex.schema.createTable('data_mesh_obs_observations', table => {
    table.comment(
      'Measured values: reported through the API or read from quality facets (raw)',
    );
    table.bigIncrements('id').primary();
    table
      .string('dedupe_key', 64)
      .notNullable()
      .unique('data_mesh_obs_observations_key_uq');
    table
      .text('subject')
      .notNullable()
      .comment('A product entity ref or ol-dataset:<id>');
    table.string('indicator', 64).notNullable();
    table.double('value').notNullable();
    table.bigInteger('observed_at').notNullable();
    table.string('source', 16).notNullable().comment('api | openlineage');
    table.string('sent_by', 255).notNullable();
    table.bigInteger('received_at').notNullable();
    table.index(
      ['subject', 'indicator', 'observed_at'],
      'data_mesh_obs_observations_subject_idx',
    );
    table.index(
      ['subject', 'observed_at'],
      'data_mesh_obs_observations_time_idx',
    );
    table.index(['observed_at'], 'data_mesh_obs_observations_at_idx');
  });

  await knex.schema.createTable('data_mesh_obs_hourly', table => {
    table.comment(
      'Measured values per subject, indicator and hour (aggregate)',
    );
    table.text('subject').notNullable();
    table.string('indicator', 64).notNullable();
    table.integer('hour').notNullable();
    table.integer('count').notNullable();
    table.double('sum').notNullable();
    table.double('min').notNullable();
    table.double('max').notNullable();
    table.double('last_value').notNullable();
    table.bigInteger('last_at').notNullable();
    table.primary(['subject', 'indicator', 'hour']);
    table.index(['hour'], 'data_mesh_obs_hourly_hour_idx');
  });

  await knex.schema.createTable('data_mesh_lineage_bindings', table => {
    table.comment(
      'Which product an output port location or OpenLineage job belongs to (from the catalog)',
    );
    table.text('match_key').notNullable();
    table.string('product_ref', 255).notNullable();
    table.string('kind', 16).notNullable().comment('dataset | job');
    table.primary(['match_key', 'product_ref']);
    table.index(['product_ref'], 'data_mesh_lineage_bindings_product_idx');
  });

  await knex.schema.createTable('data_mesh_lineage_edges', table => {
    table.comment(
      'Lineage between nodes, in the direction data flows: declared, observed or both',
    );
    table.text('source').notNullable();
    table.text('target').notNullable();
    table.boolean('declared').notNullable().defaultTo(false);
    table.boolean('observed').notNullable().defaultTo(false);
    table.bigInteger('observed_first_at').nullable();
    table.bigInteger('observed_last_at').nullable();
    table.primary(['source', 'target']);
    table.index(['target', 'source'], 'data_mesh_lineage_edges_target_idx');
  });

  await knex.schema.createTable('data_mesh_observed_state', table => {
    table.comment(
      'Small named values, e.g. the fingerprint of the last catalog sync',
    );
    table.string('key', 64).primary().notNullable();
    table.text('value').notNullable();
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('data_mesh_observed_task_runs', table => {
    table.comment('A row per run of a scheduled observed-reality task');
    table.bigIncrements('id').primary();
    table.string('task_id', 64).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').notNullable();
    table.text('summary').notNullable().comment('JSON');
    table.index(['task_id', 'started_at'], 'data_mesh_observed_task_runs_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'data_mesh_observed_task_runs',
    'data_mesh_observed_state',
    'data_mesh_lineage_edges',
    'data_mesh_lineage_bindings',
    'data_mesh_obs_hourly',
    'data_mesh_obs_observations',
    'data_mesh_ol_refreshes',
    'data_mesh_ol_job_hourly',
    'data_mesh_ol_io',
    'data_mesh_ol_dataset_keys',
    'data_mesh_ol_datasets',
    'data_mesh_ol_jobs',
    'data_mesh_ol_run_datasets',
    'data_mesh_ol_runs',
    'data_mesh_ol_events',
  ]) {
    await knex.schema.dropTable(table);
  }
};
