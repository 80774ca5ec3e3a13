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

const { createHash } = require('node:crypto');

/*
 * What a run means (issue 12): runs are attributed by what each run wrote, streams report
 * availability and freshness while they run, datasets match through their symlinks and
 * case-folded names, column lineage is kept, and edges remember static lineage.
 *
 * - data_mesh_ol_runs.output_set: the id of the set of datasets the run wrote (sha256 of
 *   the sorted dataset ids; '' for a run that wrote nothing), listed in
 *   data_mesh_ol_output_sets.
 * - data_mesh_ol_run_hourly (aggregate): terminal runs per job, output set and hour of the
 *   deciding event; replaces data_mesh_ol_job_hourly for reads.
 * - data_mesh_ol_set_io: which datasets the runs of a job with a given output set read
 *   and wrote, first and last seen (observed lineage per run, not per job).
 * - data_mesh_ol_stream_hourly (aggregate): the minutes of each hour in which a streaming
 *   job reported on a dataset or job (a 60-bit mask) and its latest report.
 * - data_mesh_ol_jobs.processing_type: BATCH | STREAMING | null, from the jobType facet.
 * - data_mesh_ol_column_lineage: the latest column lineage of each output field.
 * - data_mesh_lineage_edges.static (+ first/last): edges only a JobEvent shows.
 *
 * Existing data: output sets and hourly counts are rebuilt from the runs still stored;
 * counts of older hours (runs already pruned) are kept as runs without outputs of their
 * job, which count for the job's products as before. Every dataset key gets its
 * case-folded twin (`ci:<key lowercased>`).
 */

const HOUR = 3_600_000;

/** @param {string[]} ids */
function setId(ids) {
  if (ids.length === 0) return '';
  return createHash('sha256')
    .update([...new Set(ids)].sort().join('\n'))
    .digest('hex');
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('data_mesh_ol_jobs', table => {
    table
      .string('processing_type', 16)
      .nullable()
      .comment('BATCH | STREAMING, from the jobType job facet');
  });
  await knex.schema.alterTable('data_mesh_ol_runs', table => {
    table
      .string('output_set', 64)
      .notNullable()
      .defaultTo('')
      .comment("The set of datasets the run wrote ('' for none)");
    table.index(['output_set', 'started_at'], 'data_mesh_ol_runs_set_idx');
  });

  await knex.schema.createTable('data_mesh_ol_output_sets', table => {
    table.comment('The datasets of each output set (what one run wrote)');
    table.string('set_id', 64).notNullable();
    table.text('dataset_id').notNullable();
    table.primary(['set_id', 'dataset_id']);
    table.index(['dataset_id'], 'data_mesh_ol_output_sets_ds_idx');
  });

  await knex.schema.createTable('data_mesh_ol_run_hourly', table => {
    table.comment(
      'Terminal runs per job, output set and hour of the deciding event (aggregate)',
    );
    table.text('job_id').notNullable();
    table.string('output_set', 64).notNullable();
    table.integer('hour').notNullable();
    table.integer('complete_count').notNullable().defaultTo(0);
    table.integer('fail_count').notNullable().defaultTo(0);
    table.integer('abort_count').notNullable().defaultTo(0);
    table.primary(['job_id', 'output_set', 'hour']);
    table.index(['output_set', 'hour'], 'data_mesh_ol_run_hourly_set_idx');
    table.index(['hour'], 'data_mesh_ol_run_hourly_hour_idx');
  });

  await knex.schema.createTable('data_mesh_ol_set_io', table => {
    table.comment(
      'What the runs of a job with one output set read and wrote, first and last seen',
    );
    table.text('job_id').notNullable();
    table.string('output_set', 64).notNullable();
    table.string('direction', 3).notNullable().comment('in | out');
    table.text('dataset_id').notNullable();
    table.bigInteger('first_at').notNullable();
    table.bigInteger('last_at').notNullable();
    table.primary(['job_id', 'output_set', 'direction', 'dataset_id']);
  });

  await knex.schema.createTable('data_mesh_ol_stream_hourly', table => {
    table.comment(
      'Minutes of each hour a streaming job reported on a dataset or job (aggregate)',
    );
    table
      .text('subject')
      .notNullable()
      .comment('ol-job:<id> or ol-dataset:<id>');
    table.integer('hour').notNullable();
    table
      .bigInteger('minutes')
      .notNullable()
      .comment('Bit m set: a report in minute m of the hour');
    table.bigInteger('last_at').notNullable();
    table.primary(['subject', 'hour']);
    table.index(['hour'], 'data_mesh_ol_stream_hourly_hour_idx');
  });

  await knex.schema.createTable('data_mesh_ol_column_lineage', table => {
    table.comment(
      'Column lineage of output datasets (columnLineage facet), the latest per output field',
    );
    table.text('dataset_id').notNullable().comment('The output dataset');
    table.string('field', 1024).notNullable();
    table.text('input_dataset_id').notNullable();
    table.text('input_namespace').notNullable();
    table.text('input_name').notNullable();
    table.string('input_field', 1024).notNullable();
    table
      .text('transformations')
      .notNullable()
      .comment('JSON: [{ type, subtype?, description?, masking? }]');
    table.string('run_id', 255).nullable();
    table.text('job_id').notNullable();
    table.bigInteger('observed_at').notNullable();
    table.primary(['dataset_id', 'field', 'input_dataset_id', 'input_field']);
  });

  await knex.schema.alterTable('data_mesh_lineage_edges', table => {
    table
      .boolean('static')
      .notNullable()
      .defaultTo(false)
      .comment('Shown by a JobEvent (static lineage)');
    table.bigInteger('static_last_at').nullable();
  });

  // Case-folded twins of the dataset keys.
  await knex.raw(
    `INSERT INTO data_mesh_ol_dataset_keys (match_key, dataset_id)
     SELECT DISTINCT 'ci:' || LOWER(match_key), dataset_id FROM data_mesh_ol_dataset_keys
     WHERE match_key NOT LIKE 'ci:%'
     ON CONFLICT DO NOTHING`,
  );

  // Output sets and hourly counts of the runs still stored.
  /** @type {Map<string, string[]>} */
  const outputs = new Map();
  for (const r of await knex('data_mesh_ol_run_datasets')
    .where('direction', 'out')
    .select('run_id', 'dataset_id')) {
    if (!outputs.has(r.run_id)) outputs.set(r.run_id, []);
    outputs.get(r.run_id)?.push(r.dataset_id);
  }
  /** @type {Map<string, { set_id: string, dataset_id: string }>} */
  const sets = new Map();
  /** @type {Map<string, string[]>} */
  const runsBySet = new Map();
  for (const [runId, ids] of outputs) {
    const id = setId(ids);
    for (const d of ids)
      sets.set(`${id}\u0000${d}`, { set_id: id, dataset_id: d });
    if (!runsBySet.has(id)) runsBySet.set(id, []);
    runsBySet.get(id)?.push(runId);
  }
  const rows = [...sets.values()];
  for (let i = 0; i < rows.length; i += 500) {
    await knex('data_mesh_ol_output_sets')
      .insert(rows.slice(i, i + 500))
      .onConflict(['set_id', 'dataset_id'])
      .ignore();
  }
  for (const [id, runIds] of runsBySet) {
    for (let i = 0; i < runIds.length; i += 500) {
      await knex('data_mesh_ol_runs')
        .whereIn('run_id', runIds.slice(i, i + 500))
        .update({ output_set: id });
    }
  }
  const oldest = await knex('data_mesh_ol_runs')
    .min({ at: 'started_at' })
    .first();
  /** @type {Map<string, any>} */
  const hourly = new Map();
  for (const r of await knex('data_mesh_ol_runs')
    .where('state_class', 2)
    .select('job_id', 'output_set', 'state', 'state_at')) {
    const hour = Math.floor(Number(r.state_at) / HOUR);
    const key = `${r.job_id}\u0000${r.output_set}\u0000${hour}`;
    const h = hourly.get(key) ?? {
      job_id: r.job_id,
      output_set: r.output_set,
      hour,
      complete_count: 0,
      fail_count: 0,
      abort_count: 0,
    };
    if (r.state === 'COMPLETE') h.complete_count++;
    else if (r.state === 'FAIL') h.fail_count++;
    else if (r.state === 'ABORT') h.abort_count++;
    hourly.set(key, h);
  }
  const hourRows = [...hourly.values()];
  for (let i = 0; i < hourRows.length; i += 500) {
    await knex('data_mesh_ol_run_hourly').insert(hourRows.slice(i, i + 500));
  }
  const olderThan =
    oldest?.at !== null && oldest?.at !== undefined
      ? Math.floor(Number(oldest.at) / HOUR)
      : undefined;
  const older = knex('data_mesh_ol_job_hourly').select(
    'job_id',
    knex.raw("'' as output_set"),
    'hour',
    'complete_count',
    'fail_count',
    'abort_count',
  );
  if (olderThan !== undefined) older.where('hour', '<', olderThan);
  await knex.raw(
    `INSERT INTO data_mesh_ol_run_hourly
       (job_id, output_set, hour, complete_count, fail_count, abort_count) ${older.toString()}`,
  );

  // What the stored runs read and wrote, per job and output set.
  await knex.raw(
    `INSERT INTO data_mesh_ol_set_io
       (job_id, output_set, direction, dataset_id, first_at, last_at)
     SELECT r.job_id, r.output_set, rd.direction, rd.dataset_id,
       MIN(r.started_at), MAX(r.last_event_at)
     FROM data_mesh_ol_run_datasets rd
     JOIN data_mesh_ol_runs r ON r.run_id = rd.run_id
     GROUP BY r.job_id, r.output_set, rd.direction, rd.dataset_id`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('data_mesh_ol_dataset_keys')
    .where('match_key', 'like', 'ci:%')
    .delete();
  await knex.schema.alterTable('data_mesh_lineage_edges', table => {
    table.dropColumn('static');
    table.dropColumn('static_last_at');
  });
  for (const table of [
    'data_mesh_ol_column_lineage',
    'data_mesh_ol_stream_hourly',
    'data_mesh_ol_set_io',
    'data_mesh_ol_run_hourly',
    'data_mesh_ol_output_sets',
  ]) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.alterTable('data_mesh_ol_runs', table => {
    table.dropIndex(['output_set', 'started_at'], 'data_mesh_ol_runs_set_idx');
    table.dropColumn('output_set');
  });
  await knex.schema.alterTable('data_mesh_ol_jobs', table => {
    table.dropColumn('processing_type');
  });
};
