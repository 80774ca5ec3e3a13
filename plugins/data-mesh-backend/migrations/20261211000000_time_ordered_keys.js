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
 * Idempotency keys ordered by time (ingest throughput, issue 12).
 *
 * An event's key and an observation's dedupe key are sha256 hashes: an index on the hash
 * alone puts every new row at a random place, so an ingest of 500 events touched nearly
 * every page of both indexes. The same content always has the same time (the key is
 * computed over it), so uniqueness on (time, key) dedupes exactly as before while new rows
 * land together at the recent end. The indexes on the time alone are then redundant.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('data_mesh_ol_events', table => {
    table.dropUnique(['event_key'], 'data_mesh_ol_events_key_uq');
    table.dropIndex(['event_time'], 'data_mesh_ol_events_time_idx');
    table.unique(['event_time', 'event_key'], {
      indexName: 'data_mesh_ol_events_time_key_uq',
    });
  });
  await knex.schema.alterTable('data_mesh_obs_observations', table => {
    table.dropUnique(['dedupe_key'], 'data_mesh_obs_observations_key_uq');
    table.dropIndex(['observed_at'], 'data_mesh_obs_observations_at_idx');
    table.unique(['observed_at', 'dedupe_key'], {
      indexName: 'data_mesh_obs_observations_at_key_uq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('data_mesh_obs_observations', table => {
    table.dropUnique(
      ['observed_at', 'dedupe_key'],
      'data_mesh_obs_observations_at_key_uq',
    );
    table.unique(['dedupe_key'], {
      indexName: 'data_mesh_obs_observations_key_uq',
    });
    table.index(['observed_at'], 'data_mesh_obs_observations_at_idx');
  });
  await knex.schema.alterTable('data_mesh_ol_events', table => {
    table.dropUnique(
      ['event_time', 'event_key'],
      'data_mesh_ol_events_time_key_uq',
    );
    table.unique(['event_key'], { indexName: 'data_mesh_ol_events_key_uq' });
    table.index(['event_time'], 'data_mesh_ol_events_time_idx');
  });
};
