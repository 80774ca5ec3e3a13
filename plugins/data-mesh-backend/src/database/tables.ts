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

/*
 * Every table of the plugin's database (migrations/), with the shape of its rows. Times of
 * the compliance tables are ISO 8601 UTC strings; times of the observed tables are epoch
 * milliseconds, hours are epoch hours.
 */

/** A bigint column: written as a number, read back as a string on PostgreSQL. */
export type DbBigInt = number | string;

/** A boolean column: read back as 0 or 1 on SQLite. */
export type DbBoolean = boolean | number;

/** The table names. */
export const TABLES = {
  // Compliance (migrations/20250601000000_compliance.js)
  complianceLatest: 'data_mesh_compliance_latest',
  complianceHistory: 'data_mesh_compliance_history',
  domains: 'data_mesh_domains',
  sweeps: 'data_mesh_sweeps',
  // Observed reality (migrations/20250701000000_observed.js)
  events: 'data_mesh_ol_events',
  runs: 'data_mesh_ol_runs',
  runDatasets: 'data_mesh_ol_run_datasets',
  jobs: 'data_mesh_ol_jobs',
  datasets: 'data_mesh_ol_datasets',
  datasetKeys: 'data_mesh_ol_dataset_keys',
  io: 'data_mesh_ol_io',
  jobHourly: 'data_mesh_ol_job_hourly',
  refreshes: 'data_mesh_ol_refreshes',
  observations: 'data_mesh_obs_observations',
  obsHourly: 'data_mesh_obs_hourly',
  bindings: 'data_mesh_lineage_bindings',
  edges: 'data_mesh_lineage_edges',
  state: 'data_mesh_observed_state',
  taskRuns: 'data_mesh_observed_task_runs',
  // Event kinds (migrations/20261202000000_event_kinds.js)
  staticIo: 'data_mesh_ol_static_io',
  datasetFacets: 'data_mesh_ol_dataset_facets',
  // What a run means (migrations/20261202000100_run_attribution.js)
  outputSets: 'data_mesh_ol_output_sets',
  runHourly: 'data_mesh_ol_run_hourly',
  setIo: 'data_mesh_ol_set_io',
  streamHourly: 'data_mesh_ol_stream_hourly',
  columnLineage: 'data_mesh_ol_column_lineage',
  // Mesh figures (migrations/20261210000000_mesh_aggregates.js)
  meshProducts: 'data_mesh_mesh_products',
  compliancePolicies: 'data_mesh_compliance_policies',
  rollups: 'data_mesh_rollups',
  rollupPolicies: 'data_mesh_rollup_policies',
  // Incremental catalog sync (migrations/20261213000000_observed_catalog_products.js)
  catalogProducts: 'data_mesh_observed_catalog_products',
} as const;

// Compliance ---------------------------------------------------------------------------

/** The columns a latest result and a history point share. */
export interface DbComplianceResultColumns {
  entity_ref: string;
  domain_ref: string | null;
  /** passing | warning | failing */
  status: string;
  passed: DbBoolean;
  score: number;
  passed_count: number;
  failed_count: number;
  waived_count: number;
  error_count: number;
  /** JSON: `[[policyId, severity, status]]` */
  policy_statuses: string;
  evaluated_at: string;
}

/** data_mesh_compliance_latest: the latest evaluation of each product. */
export interface DbComplianceLatestRow extends DbComplianceResultColumns {
  /** The full evaluation, JSON. */
  evaluation: string;
  /** Hash of what the history tracks. */
  fingerprint: string;
  /** When history was last appended. */
  history_at: string;
  /** Hash of the evaluation without its time: unchanged results are not rewritten. */
  content_hash?: string | null;
}

/** data_mesh_compliance_history: a point when a product's result changes, else daily. */
export interface DbComplianceHistoryRow extends DbComplianceResultColumns {
  id: DbBigInt;
}

/** data_mesh_domains: the domain hierarchy of the last sweep. */
export interface DbDomainRow {
  domain_ref: string;
  parent_ref: string | null;
  title?: string | null;
  /** The catalog etag read (the incremental sweep's change signal). */
  etag?: string | null;
}

/** data_mesh_sweeps: the last sweep (one row, id `last`). */
export interface DbSweepRow {
  id: string;
  finished_at: string;
  products: number;
  domains: number;
  duration_ms: number;
  started_at?: string | null;
}

// Mesh figures ---------------------------------------------------------------------------

/** data_mesh_mesh_products: every DataProduct the sweeps read. */
export interface DbMeshProductRow {
  entity_ref: string;
  namespace: string;
  name: string;
  title: string;
  sort_title: string;
  description: string | null;
  /** Lower-cased title, name and description. */
  search_text: string;
  domain_ref: string | null;
  type: string | null;
  lifecycle: string | null;
  classification: string | null;
  slo_declared: number;
  /** JSON: the entity fields the SLO status is computed from. */
  slo_input: string | null;
  slo_measured: number | null;
  slo_met: number | null;
  slo_checked_at: string | null;
  etag: string;
  updated_at: string;
}

/** data_mesh_compliance_policies: one per result of a latest evaluation. */
export interface DbCompliancePolicyRow {
  entity_ref: string;
  domain_ref: string | null;
  policy_id: string;
  /** 0 required, 1 recommended, 2 optional. */
  severity_rank: number;
  status: string;
}

/** data_mesh_rollups: a domain's own products per status ('' = no domain). */
export interface DbRollupRow {
  domain_ref: string;
  status: string;
  products: DbBigInt;
  score_sum: DbBigInt;
}

/** data_mesh_rollup_policies: a domain's own products per policy and status. */
export interface DbRollupPolicyRow {
  domain_ref: string;
  policy_id: string;
  status: string;
  severity_rank: number;
  products: DbBigInt;
}

// Observed reality -----------------------------------------------------------------------

/** data_mesh_ol_events: OpenLineage events (every kind) as received. */
export interface DbEventRow {
  id?: DbBigInt;
  /** sha256 of the event's canonical JSON: the same event is stored once. */
  event_key: string;
  /** RunEvent | DatasetEvent | JobEvent (the column defaults to RunEvent). */
  event_kind?: string;
  /** '' for a DatasetEvent or JobEvent (no run). */
  run_id: string;
  /** '' for a DatasetEvent or JobEvent. */
  event_type: string;
  event_time: DbBigInt;
  /** '' for a DatasetEvent (no job). */
  job_id: string;
  producer: string;
  schema_url: string;
  sent_by: string;
  received_at: DbBigInt;
  /** The event JSON, unknown facets included. */
  payload: string;
}

/** data_mesh_ol_runs: a run and its state, derived from all its events. */
export interface DbRunRow {
  run_id: string;
  job_id: string;
  /** RUNNING | COMPLETE | FAIL | ABORT | OTHER */
  state: string;
  /** 2 terminal, 1 START/RUNNING, 0 OTHER, -1 no event yet. */
  state_class: number;
  state_at: DbBigInt;
  state_rank: number;
  started_at: DbBigInt;
  ended_at: DbBigInt | null;
  completed_at: DbBigInt | null;
  last_event_at: DbBigInt;
  event_count: number;
  sent_by: string;
  /** The set of datasets the run wrote ('' for none): data_mesh_ol_output_sets. */
  output_set?: string;
}

/** data_mesh_ol_run_datasets: the inputs and outputs of each run. */
export interface DbRunDatasetRow {
  run_id: string;
  dataset_id: string;
  /** in | out */
  direction: string;
}

/** data_mesh_ol_jobs: the jobs seen. */
export interface DbJobRow {
  job_id: string;
  namespace: string;
  name: string;
  /** BATCH | STREAMING | null, from the jobType job facet. */
  processing_type?: string | null;
}

/** data_mesh_ol_datasets: the datasets seen. */
export interface DbDatasetRow {
  dataset_id: string;
  namespace: string;
  name: string;
}

/** data_mesh_ol_dataset_keys: the keys a dataset is matched to port locations by. */
export interface DbDatasetKeyRow {
  match_key: string;
  dataset_id: string;
}

/** data_mesh_ol_io: which job read or wrote which dataset, first and last. */
export interface DbIoRow {
  job_id: string;
  /** in | out */
  direction: string;
  dataset_id: string;
  first_at: DbBigInt;
  last_at: DbBigInt;
}

/** data_mesh_ol_job_hourly: terminal runs per job and hour of the deciding event. */
export interface DbJobHourlyRow {
  job_id: string;
  hour: number;
  complete_count: number;
  fail_count: number;
  abort_count: number;
}

/** data_mesh_ol_refreshes: when a job or dataset was refreshed (freshness). */
export interface DbRefreshRow {
  /** ol-job:<id> or ol-dataset:<id> */
  subject: string;
  at: DbBigInt;
}

/** data_mesh_obs_observations: measured values. */
export interface DbObservationRow {
  id?: DbBigInt;
  dedupe_key: string;
  /** A product entity ref or ol-dataset:<id>. */
  subject: string;
  indicator: string;
  value: number;
  observed_at: DbBigInt;
  /** api | openlineage */
  source: string;
  sent_by: string;
  received_at: DbBigInt;
}

/** data_mesh_obs_hourly: measured values per subject, indicator and hour. */
export interface DbObservationHourlyRow {
  subject: string;
  indicator: string;
  hour: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last_value: number;
  last_at: DbBigInt;
}

/** data_mesh_lineage_bindings: which product a port location or job belongs to. */
export interface DbBindingRow {
  match_key: string;
  product_ref: string;
  /** dataset | job */
  kind: string;
}

/** data_mesh_lineage_edges: lineage between nodes, declared, observed or both. */
export interface DbEdgeRow {
  source: string;
  target: string;
  declared: DbBoolean;
  observed: DbBoolean;
  observed_first_at?: DbBigInt | null;
  observed_last_at?: DbBigInt | null;
  /** Shown by a JobEvent (static lineage). */
  static?: DbBoolean;
  static_last_at?: DbBigInt | null;
}

/** data_mesh_observed_state: small named values. */
export interface DbObservedStateRow {
  key: string;
  value: string;
  updated_at: DbBigInt;
}

/** data_mesh_observed_catalog_products: what the catalog sync applied of each product. */
export interface DbCatalogProductRow {
  /** The product node: its entity ref, lowercased. */
  product_ref: string;
  /** The catalog etag and matching options it was read with; null: read every run. */
  signature: string | null;
  updated_at: DbBigInt;
}

/** data_mesh_observed_task_runs: a row per run of a scheduled observed task. */
export interface DbTaskRunRow {
  id?: DbBigInt;
  task_id: string;
  started_at: DbBigInt;
  finished_at: DbBigInt;
  /** JSON */
  summary: string;
}

/** data_mesh_ol_static_io: the inputs and outputs JobEvents declare for a job. */
export interface DbStaticIoRow {
  job_id: string;
  /** in | out */
  direction: string;
  dataset_id: string;
  first_at: DbBigInt;
  last_at: DbBigInt;
}

/** data_mesh_ol_dataset_facets: the latest facet of each name per dataset. */
export interface DbDatasetFacetRow {
  dataset_id: string;
  facet: string;
  /** The facet JSON; `_deleted: true` marks a facet its producer deleted. */
  payload: string;
  event_time: DbBigInt;
  producer: string;
}

// What a run means (20261202000100_run_attribution.js) ----------------------------------

/** data_mesh_ol_output_sets: the datasets of each output set (what one run wrote). */
export interface DbOutputSetRow {
  set_id: string;
  dataset_id: string;
}

/** data_mesh_ol_run_hourly: terminal runs per job, output set and hour. */
export interface DbRunHourlyRow {
  job_id: string;
  output_set: string;
  hour: number;
  complete_count: number;
  fail_count: number;
  abort_count: number;
}

/** data_mesh_ol_set_io: what the runs of a job with one output set read and wrote. */
export interface DbSetIoRow {
  job_id: string;
  output_set: string;
  /** in | out */
  direction: string;
  dataset_id: string;
  first_at: DbBigInt;
  last_at: DbBigInt;
}

/** data_mesh_ol_stream_hourly: the minutes of an hour a stream reported in. */
export interface DbStreamHourlyRow {
  /** ol-job:<id> or ol-dataset:<id> */
  subject: string;
  hour: number;
  /** Bit m set: a report in minute m of the hour. */
  minutes: DbBigInt;
  last_at: DbBigInt;
}

/** data_mesh_ol_column_lineage: the latest column lineage of each output field. */
export interface DbColumnLineageRow {
  dataset_id: string;
  field: string;
  input_dataset_id: string;
  input_namespace: string;
  input_name: string;
  input_field: string;
  /** JSON: [{ type, subtype?, description?, masking? }] */
  transformations: string;
  run_id: string | null;
  job_id: string;
  observed_at: DbBigInt;
}
