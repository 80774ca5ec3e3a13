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

import type { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Meshwork: the data mesh suite. This package reads the governance settings, which the
   * data-mesh backend, the catalog module and the scaffolder gate share. Durations take
   * `'30d'`, ISO 8601 (`P30D`) or `{ days: 30 }`.
   */
  dataMesh?: {
    /** Governance policies, evaluated on every DataProduct. */
    policies?: {
      /**
       * The built-in policy pack, by policy id: owner-assigned, domain-assigned,
       * encryption-at-rest, pii-masking, data-lineage, quality-slo, quality-checks,
       * retention-policy, audit-logging. Every built-in policy is on unless turned off
       * here; an id that is not a built-in policy is reported as a load error.
       */
      builtin?: {
        [policyId: string]: {
          /** Set to false to turn the built-in policy off. Default true. */
          enabled?: boolean;
          /**
           * retention-policy only: the longest retention allowed for products that contain
           * PII, e.g. `'5y'`. Default 3650 days.
           */
          maxPiiRetention?: HumanDuration | string;
          /**
           * retention-policy only: the same, in days.
           *
           * @deprecated Use `maxPiiRetention` (`'3650d'`); read only when it is not set.
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
         * metadata. The language and its bounds: the README of
         * `@meshwork/plugin-data-mesh-node`.
         */
        rule: string;
        /** Shown when the policy fails: what is wrong. */
        message: string;
        /** Shown when the policy fails: how to fix it. */
        remediation?: string;
      }>;
      /**
       * Bounds on policy rules, for every source (built-in, global and Domain policies).
       * Checked when a rule is loaded (its size and its estimated worst-case cost) and
       * while it runs (iterations and cost). A rule over a load-time bound is reported
       * with the bound; one that runs over a runtime bound is an error result for its
       * policy, naming the bound, and the product's other policies still apply.
       */
      limits?: {
        /** Longest accepted rule, in characters. Default 4096. */
        maxExpressionLength?: number;
        /** Most syntax tree nodes of a rule (after macro expansion). Default 2000. */
        maxAstNodes?: number;
        /** Deepest nesting of macros (all, exists, exists_one, map, filter). Default 3. */
        maxComprehensionDepth?: number;
        /**
         * Macro iterations (and list elements concatenated) one evaluation may spend.
         * Default 50000.
         */
        maxIterations?: number;
        /**
         * Cost units one evaluation may spend before it is stopped with an error result:
         * each node of the rule evaluated costs 1, operations cost in proportion to what
         * they touch (comparing lists and maps, `in`, string searches and
         * concatenations), each macro iteration its body. A unit is about 5 ns of CPU; the
         * default, 1000000, stops any rule within a few milliseconds.
         */
        maxCost?: number;
        /**
         * Highest estimated worst-case cost a rule may have: the cost of one evaluation
         * over the largest entity (256 KiB of JSON). A rule above it is refused when it is
         * loaded, and every product it applies to gets an error result naming the estimate
         * and this limit. Default 100000000: a macro over a list of the entity passes; two
         * nested macros over lists of the entity do not.
         */
        maxEstimatedCost?: number;
        /**
         * A backstop checked after an evaluation on the CEL interpreter: a run longer than
         * this is an error result. The bound that holds while a rule runs is `maxCost`.
         * Default 50 milliseconds.
         */
        timeBudget?: HumanDuration | string;
        /**
         * The same, in milliseconds.
         *
         * @deprecated Use `timeBudget` (`'50ms'`); read only when it is not set.
         */
        timeBudgetMs?: number;
      };
    };
    /** Enforcement of the policies in the software catalog (by the data mesh catalog module). */
    catalog?: {
      /**
       * warn (default): products that fail a required policy stay in the catalog and show
       * as failing. block: the catalog refuses them with an entity error listing each
       * violation, and keeps the last good version.
       */
      enforcement?: 'warn' | 'block';
    };
  };
}
