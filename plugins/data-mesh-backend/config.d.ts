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

export interface Config {
  /** Meshwork: the data mesh suite. */
  dataMesh?: {
    /** Governance policies, evaluated on every DataProduct. */
    policies?: {
      /**
       * The built-in policy pack, by policy id: owner-assigned, domain-assigned,
       * encryption-at-rest, pii-masking, data-lineage, quality-slo, quality-checks, retention-policy,
       * audit-logging. Every built-in policy is on unless turned off here.
       */
      builtin?: {
        [policyId: string]: {
          /** Set to false to turn the built-in policy off. Default true. */
          enabled?: boolean;
          /**
           * retention-policy only: the longest retention allowed for products that contain
           * PII, in days. Default 3650.
           */
          maxPiiRetentionDays?: number;
        };
      };
      /**
       * Platform-wide policies, added to the built-in pack. A global policy with the id of
       * a built-in one replaces it. An invalid policy is reported (log and
       * GET /api/data-mesh/policies) with its id; the others still apply.
       */
      global?: Array<{
        /** Stable id: lowercase letters and digits joined by -, _ or . */
        id: string;
        /** Short human title. */
        title: string;
        /** What the policy asks for and why. */
        description?: string;
        /** required fails the product (and blocks it in block mode); the others warn. */
        severity: 'required' | 'recommended' | 'optional';
        /**
         * Which products it applies to: a Backstage filter predicate over the entity,
         * e.g. `{ spec.classification: { $in: [confidential, restricted] } }`. Omitted:
         * every DataProduct.
         */
        appliesTo?: object;
        /**
         * A CEL expression that is true for a compliant product. Variables: entity, spec,
         * metadata.
         */
        rule: string;
        /** Shown when the policy fails: what is wrong. */
        message: string;
        /** Shown when the policy fails: how to fix it. */
        remediation?: string;
      }>;
      /** Bounds on policy expressions. */
      limits?: {
        /** Longest accepted expression, in characters. Default 4096. */
        maxExpressionLength?: number;
        /** Most syntax tree nodes. Default 2000. */
        maxAstNodes?: number;
        /** Deepest nesting of comprehension macros (all, exists, map...). Default 3. */
        maxComprehensionDepth?: number;
        /** Comprehension iterations one evaluation may spend. Default 100000. */
        maxIterations?: number;
        /** Time one interpreted evaluation may take, in milliseconds. Default 50. */
        timeBudgetMs?: number;
      };
    };
    /** Enforcement in the software catalog (read by the data mesh catalog module). */
    catalog?: {
      /**
       * warn (default): products that fail a required policy stay in the catalog and show
       * as failing. block: the catalog refuses them with an entity error listing each
       * violation, and keeps the last good version.
       */
      enforcement?: 'warn' | 'block';
    };
    /** Stored compliance results. */
    compliance?: {
      /**
       * How often every product is re-evaluated and stored. Default: every 10 minutes,
       * timeout 5 minutes, first run 30 seconds after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Compliance history. */
      history?: {
        /** History older than this many days is deleted. Default 365. */
        retentionDays?: number;
        /**
         * A history point is recorded when a product's result changes, and at least this
         * often (hours) while it does not. Default 24.
         */
        heartbeatHours?: number;
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
      };
      retention?: {
        /** Raw events, runs and measured values are deleted after this many days. Default 30, at least 1. */
        rawDays?: number;
        /** Hourly aggregates and refresh times (what SLO status reads) are kept this many days. Default 400. */
        aggregateDays?: number;
      };
      /** Pruning. Default every hour, timeout 15 minutes, first run 2 minutes after start. */
      prune?: { schedule?: SchedulerServiceTaskScheduleDefinitionConfig };
      /**
       * Reads product bindings (port locations, OpenLineage jobs) and declared lineage from
       * the catalog. Default every 5 minutes, timeout 5 minutes, first run after 15 seconds.
       */
      catalogSync?: { schedule?: SchedulerServiceTaskScheduleDefinitionConfig };
      slo?: {
        /** Window of SLOs that declare none, e.g. `30d`. Default 30d. */
        defaultWindow?: string;
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
        /** Window drift is judged over, e.g. `30d`. Default 30d. */
        driftWindow?: string;
      };
    };
  };
}
