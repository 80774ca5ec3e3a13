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

import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Meshwork: the data mesh suite. The policies (`dataMesh.policies`) and catalog
   * enforcement (`dataMesh.catalog`) are declared by `@meshwork/plugin-data-mesh-node`,
   * which reads them. Durations take `'30d'`, ISO 8601 (`P30D`) or `{ days: 30 }`.
   */
  dataMesh?: {
    /** Stored compliance results. */
    compliance?: {
      /**
       * How often every product is re-evaluated and stored. Default: every 10 minutes,
       * timeout 5 minutes, first run 30 seconds after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * The incremental sweep: reads each product's and domain's catalog etag (the
       * catalog renews it whenever the entity changes) and evaluates only new and changed
       * products, and those of a changed domain. Default: every 10 seconds, timeout 5
       * minutes, first run 5 seconds after start.
       */
      incremental?: {
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /** Compliance history. */
      history?: {
        /** History older than this is deleted. Default 365 days. */
        retention?: HumanDuration | string;
        /**
         * History older than this many days is deleted.
         *
         * @deprecated Use `retention` (`'365d'`); read only when `retention` is not set.
         */
        retentionDays?: number;
        /**
         * A history point is recorded when a product's result changes, and at least this
         * often while it does not. Default 24 hours.
         */
        heartbeat?: HumanDuration | string;
        /**
         * The heartbeat, in hours.
         *
         * @deprecated Use `heartbeat` (`'24h'`); read only when `heartbeat` is not set.
         */
        heartbeatHours?: number;
      };
    };
    /** The mesh's figures (the mesh page's summary). */
    mesh?: {
      /**
       * The SLO roll-up: computes the SLO status of every product that declares SLOs and
       * stores how many it meets. Default: every 5 minutes, timeout 10 minutes, first
       * run 45 seconds after start.
       */
      sloRollUp?: {
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** POST /api/data-mesh/evaluate, for CI pipelines of product repositories. */
    evaluate?: {
      /** Largest accepted request body, in bytes; larger ones get 413. Default 262144. */
      maxBodyBytes?: number;
    };
    /**
     * Observed reality: OpenLineage ingest, measured values, SLO status and lineage.
     * Pipelines authenticate with a service token (`backend.auth.externalAccess`).
     */
    observed?: {
      ingest?: {
        /** Largest request body in bytes (gzip inflated); larger get 413. Default 4194304. */
        maxBodyBytes?: number;
        /** Most events or observations per request. Default 1000, at most 10000. */
        maxBatchEvents?: number;
        /**
         * How far ahead of the server's clock an OpenLineage eventTime may be; an event
         * dated later is refused (400 naming eventTime), as it would be counted and
         * never pruned. `'1h'`, ISO 8601 (`PT1H`) or `{ hours: 1 }`. Default 1 hour.
         */
        maxClockSkew?: HumanDuration | string;
      };
      retention?: {
        /** Raw events, runs and measured values are deleted after this. Default 30 days, at least 1 day. */
        raw?: HumanDuration | string;
        /**
         * The raw retention, in days.
         *
         * @deprecated Use `raw` (`'30d'`); read only when `raw` is not set.
         */
        rawDays?: number;
        /** Hourly aggregates and refresh times (what SLO status reads) are kept this long. Default 400 days. */
        aggregate?: HumanDuration | string;
        /**
         * The aggregate retention, in days.
         *
         * @deprecated Use `aggregate` (`'400d'`); read only when `aggregate` is not set.
         */
        aggregateDays?: number;
      };
      /** Pruning. Default every hour, timeout 15 minutes, first run 2 minutes after start. */
      prune?: { schedule?: SchedulerServiceTaskScheduleDefinitionConfig };
      /**
       * Reads product bindings (port locations, OpenLineage jobs) and declared lineage from
       * the catalog.
       */
      catalogSync?: {
        /**
         * The incremental sync: reads each product's catalog etag and, in full, only the
         * products whose etag changed since it applied them; removes products gone from
         * the catalog. Default every 5 minutes, timeout 5 minutes, first run after 15
         * seconds.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * The full sync: reads every product in full and writes what differs from what
         * is stored (a repair for whatever the incremental sync missed). Default every 6
         * hours, timeout 15 minutes, first run 10 minutes after start.
         */
        full?: { schedule?: SchedulerServiceTaskScheduleDefinitionConfig };
      };
      slo?: {
        /** Window of SLOs that declare none, e.g. `30d`. Default 30 days. */
        defaultWindow?: HumanDuration | string;
        /** Share of time a product must be fresh; sets the freshness error budget. Default 0.99. */
        freshnessTarget?: number;
      };
      lineage?: {
        /** Hops when the request names none. Default 3. */
        defaultDepth?: number;
        /** Most hops; deeper requests get `partial: true`. Default 10, at most 20. */
        maxDepth?: number;
        /** Most nodes per answer; larger graphs are cut with `partial: true`. Default 500. */
        maxNodes?: number;
        /** Window drift is judged over, e.g. `30d`. Default 30 days. */
        driftWindow?: HumanDuration | string;
      };
      matching?: {
        /**
         * Match dataset names to output port locations without regard to case, for
         * warehouses that fold unquoted names (Snowflake, PostgreSQL). Default false.
         */
        caseInsensitive?: boolean;
      };
      streaming?: {
        /**
         * A streaming job (jobType facet `processingType: STREAMING`) is available in a
         * minute when it reported (any RUNNING event, e.g. a checkpoint) within this long
         * before; an hour counts as available when every minute of it is. Default 15
         * minutes.
         */
        reportWindow?: HumanDuration | string;
      };
    };
  };
}
