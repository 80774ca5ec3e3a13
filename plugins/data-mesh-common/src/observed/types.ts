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
 * The API shapes of Meshwork's "observed reality": what pipelines reported
 * (OpenLineage run events, measured values) and what the data-mesh backend
 * derives from it (SLO status, observed lineage, drift). Times are ISO 8601
 * UTC strings; durations are milliseconds; ratios are numbers from 0 to 1.
 */

/**
 * The run state transitions of the OpenLineage spec.
 *
 * @public
 */
export type OpenLineageEventType =
  | 'START'
  | 'RUNNING'
  | 'COMPLETE'
  | 'FAIL'
  | 'ABORT'
  | 'OTHER';

/**
 * The state of a run, derived from all of its events whatever order they
 * arrived in: the latest terminal event (COMPLETE, FAIL, ABORT) wins, else the
 * latest START or RUNNING event (`RUNNING`), else `OTHER`.
 *
 * @public
 */
export type ObservedRunState =
  | 'RUNNING'
  | 'COMPLETE'
  | 'FAIL'
  | 'ABORT'
  | 'OTHER';

/**
 * What `POST /openlineage/api/v1/lineage` and `POST /observations` answer.
 *
 * @public
 */
export interface ObservedIngestResponse {
  /** Events or observations in the request. */
  received: number;
  /** Of those, the ones stored now. */
  stored: number;
  /** Of those, the ones already stored by an earlier request (or twice in this one). */
  duplicates: number;
}

/**
 * An OpenLineage dataset: its namespace and name, as the pipeline reported them.
 *
 * @public
 */
export interface ObservedDatasetRef {
  /** The dataset's OpenLineage namespace, e.g. `s3://lake`. */
  namespace: string;
  /** The dataset's OpenLineage name, e.g. `customer/profiles`. */
  name: string;
}

/**
 * One run of a pipeline job, as reported through OpenLineage.
 *
 * @public
 */
export interface ObservedRun {
  /** The run's OpenLineage id (a UUID). */
  runId: string;
  /** The OpenLineage job that ran. */
  job: { namespace: string; name: string };
  /** The state its events give, the terminal one when there is one. */
  state: ObservedRunState;
  /** The earliest event of the run. */
  startedAt: string;
  /** The time of the terminal event that decided the state, if any. */
  endedAt?: string;
  /** The latest event of the run. */
  lastEventAt: string;
  /** How many distinct events were received for the run. */
  eventCount: number;
  /** Who sent the latest event (the service principal's subject). */
  sentBy: string;
  /** The datasets the run read. */
  inputs: ObservedDatasetRef[];
  /** The datasets the run wrote. */
  outputs: ObservedDatasetRef[];
}

/**
 * A page of a product's runs, newest first.
 *
 * @public
 */
export interface ObservedRunsPage {
  /** The runs of this page, latest first. */
  items: ObservedRun[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * A measured value of a product's indicator.
 *
 * @public
 */
export interface Observation {
  /** The stored observation's id. */
  id: string;
  /** What was measured: a product (`dataproduct:default/orders`) or a dataset. */
  subject: string;
  /** The SLO indicator it measures, e.g. `completeness`. */
  indicator: string;
  /** The measured value, in the indicator's unit (a ratio for percentages). */
  value: number;
  /** When it was measured (ISO 8601). */
  observedAt: string;
  /** `api`: reported through `POST /observations`; `openlineage`: read from a quality facet. */
  source: 'api' | 'openlineage';
  /** Who sent it (the service principal's subject). */
  sentBy: string;
}

/**
 * A page of a product's observations, newest first.
 *
 * @public
 */
export interface ObservationsPage {
  /** The observations of this page, latest first. */
  items: Observation[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * One day of an SLO's history.
 *
 * @public
 */
export interface SloHistoryPoint {
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  /**
   * The indicator on that day: for freshness the largest age reached (ms), for
   * ratios the day's ratio, for other indicators the day's mean; null without data.
   */
  value: number | null;
  /** Whether the day met the objective; null without data. */
  met: boolean | null;
}

/**
 * Where an SLO's values come from.
 *
 * @public
 */
export type SloDataSource = 'runs' | 'refreshes' | 'observations' | 'none';

/**
 * The status of one declared SLO of a data product.
 *
 * @public
 */
export interface SloStatus {
  /** The SLO's indicator, e.g. `freshness`. */
  indicator: string;
  /** The objective as declared, e.g. `15m` or `99.95%`. */
  objective: string | number;
  /** The window as declared, or the default window. */
  window: string;
  /** `atMost`: lower is better (durations); `atLeast`: higher is better. */
  comparison: 'atLeast' | 'atMost';
  /** The unit of `current`, `windowValue`, `target` and the history values. */
  unit: 'ms' | 'ratio' | 'number';
  /** The objective as a number in `unit`. */
  target: number;
  /** What the status is computed from. */
  source: SloDataSource;
  /**
   * The indicator now: freshness is the time since the last successful run
   * that wrote the product; availability the share of successful runs over the
   * window; other indicators their latest measured value. Null without data.
   */
  current: number | null;
  /** Whether `current` meets the objective; null without data. */
  met: boolean | null;
  /**
   * The service level indicator over the whole window: for freshness the share
   * of time the product was fresh, for ratios the ratio over the window, for
   * other indicators the mean. Null without data.
   */
  windowValue: number | null;
  /**
   * The error budget left over the window: 1 untouched, 0 spent, below 0
   * overspent. Null when the objective has no budget (plain numbers, durations
   * other than freshness) or without data.
   */
  errorBudgetRemaining: number | null;
  /**
   * How fast the budget burns: the error rate over the last 24 hours divided by
   * the allowed error rate. 1 spends the budget exactly over the window. Null
   * when there is no budget or no data in the last 24 hours.
   */
  burnRate: number | null;
  /** How many runs, refreshes or observations the window holds. */
  samples: number;
  /** The latest run, refresh or observation the status is based on. */
  lastObservedAt?: string;
  /** One point per UTC day of the window (at most 90), oldest first. */
  history: SloHistoryPoint[];
  /** Set when the SLO cannot be evaluated, e.g. an objective that does not parse. */
  problem?: string;
}

/**
 * `GET /products/:namespace/:name/slos`.
 *
 * @public
 */
export interface ProductSloStatusResponse {
  /** The product's entity ref. */
  entityRef: string;
  /** When the status was computed (ISO 8601). */
  evaluatedAt: string;
  /** One status per declared SLO, in declaration order. */
  slos: SloStatus[];
}

/**
 * What a lineage node stands for.
 *
 * @public
 */
export type LineageNodeKind = 'product' | 'source' | 'dataset' | 'job';

/**
 * A node of a product's lineage graph.
 *
 * @public
 */
export interface LineageNode {
  /** Unique in the graph: an entity ref, `ol-dataset:<id>` or `ol-job:<namespace>/<name>`. */
  id: string;
  /** What the node stands for. */
  kind: LineageNodeKind;
  /** For products and sources: the catalog entity. */
  entityRef?: string;
  /** For products and sources: the entity's title, when it has one. */
  title?: string;
  /** For datasets and jobs: the OpenLineage namespace and name. */
  namespace?: string;
  /** For datasets and jobs: the OpenLineage name. */
  name?: string;
  /** Hops from the root: negative upstream, positive downstream, 0 the root. */
  depth: number;
}

/**
 * Where an edge is known from: `declared` (a product's input ports), `observed` (runs
 * read and wrote it), `both` (declared and observed), or `static` (only a JobEvent's
 * inputs and outputs show it: what a job is defined to do, not what a run did). An edge
 * that is declared or observed and also static keeps `declared`, `observed` or `both`;
 * {@link LineageEdge.origins} lists every source.
 *
 * @public
 */
export type LineageEdgeOrigin = 'declared' | 'observed' | 'static' | 'both';

/**
 * A lineage edge, in the direction data flows.
 *
 * @public
 */
export interface LineageEdge {
  /** The node id data flows from. */
  source: string;
  /** The node id data flows to. */
  target: string;
  /** Whether the edge is declared, observed, both, or only static. */
  origin: LineageEdgeOrigin;
  /** Every source the edge is known from, in this order: declared, observed, static. */
  origins: Array<'declared' | 'observed' | 'static'>;
  /** The latest run that showed the edge, for observed edges. */
  lastObservedAt?: string;
}

/**
 * One entry of a drift list.
 *
 * @public
 */
export interface LineageDriftItem {
  /** The input's node id. */
  node: string;
  /** What the input is. */
  kind: LineageNodeKind;
  /** The latest run that read it, for inputs observed but not declared. */
  lastObservedAt?: string;
}

/**
 * Where observed lineage differs from what the owner declared.
 *
 * @public
 */
export interface LineageDrift {
  /** The window observations are considered in, e.g. `30d`. */
  window: string;
  /** Runs of the product's jobs seen in the window. */
  observedRunsInWindow: number;
  /** Inputs runs read in the window that `spec.inputPorts` does not declare. */
  observedUndeclared: LineageDriftItem[];
  /**
   * Declared inputs no run read in the window. Only judged when the window has
   * runs (`observedRunsInWindow > 0`); empty otherwise.
   */
  declaredUnseen: LineageDriftItem[];
}

/**
 * `GET /products/:namespace/:name/lineage`.
 *
 * @public
 */
export interface LineageGraphResponse {
  /** The id of the product node. */
  root: string;
  /** Which way the graph was walked from the root. */
  direction: 'upstream' | 'downstream' | 'both';
  /** The depth walked (the requested one, or the cap). */
  depth: number;
  /** The nodes, the root among them. */
  nodes: LineageNode[];
  /** The edges between those nodes. */
  edges: LineageEdge[];
  /** True when the depth or node cap cut the graph short. */
  partial: boolean;
  /** Why the graph is partial. */
  partialReasons?: Array<'depth' | 'nodes'>;
  /** Where the root's observed inputs differ from its declared ones. */
  drift: LineageDrift;
}

/**
 * A transformation of an input column into an output column, as the OpenLineage
 * `columnLineage` facet states it (`type` DIRECT or INDIRECT, `subtype` IDENTITY,
 * TRANSFORMATION, AGGREGATION, FILTER, JOIN, ...).
 *
 * @public
 */
export interface ColumnLineageTransformation {
  /** DIRECT (the value comes from the input) or INDIRECT (the input affects it). */
  type: string;
  /** IDENTITY, TRANSFORMATION, AGGREGATION, FILTER, JOIN, SORT, ... */
  subtype?: string;
  /** How the output is computed, as the producer wrote it. */
  description?: string;
  /** Whether the transformation masks the input (e.g. a hash). */
  masking?: boolean;
}

/**
 * An input column of an output column.
 *
 * @public
 */
export interface ColumnLineageInput {
  /** The OpenLineage namespace of the input dataset. */
  namespace: string;
  /** The OpenLineage name of the input dataset. */
  name: string;
  /** The input column. */
  field: string;
  /** How the input column becomes the output column. */
  transformations: ColumnLineageTransformation[];
}

/**
 * The column lineage of one output port: each output column and the input columns it
 * comes from.
 *
 * @public
 */
export interface PortColumnLineage {
  /** The output port's name. */
  port: string;
  /** The dataset the port's location matches (the one with column lineage, if any). */
  dataset: { namespace: string; name: string };
  /** The output columns, by name; empty when no column lineage was reported. */
  columns: Array<{ name: string; inputs: ColumnLineageInput[] }>;
  /** The latest event that reported the port's column lineage. */
  observedAt?: string;
}

/**
 * `GET /products/{namespace}/{name}/lineage/columns`: column lineage per output port.
 *
 * @public
 */
export interface ProductColumnLineageResponse {
  /** Each output port with a location, in the entity's order. */
  ports: PortColumnLineage[];
}
