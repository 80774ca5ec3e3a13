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

import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { parseDuration } from '@meshwork/plugin-data-mesh-common';

const DAY = 86_400_000;

/** The settings under `dataMesh.observed` (documented in config.d.ts). */
export interface ObservedConfig {
  ingest: { maxBodyBytes: number; maxBatchEvents: number };
  retention: { rawMs: number; aggregateMs: number };
  prune: { schedule: SchedulerServiceTaskScheduleDefinition };
  catalogSync: { schedule: SchedulerServiceTaskScheduleDefinition };
  slo: { defaultWindow: string; freshnessTarget: number };
  lineage: {
    defaultDepth: number;
    maxDepth: number;
    maxNodes: number;
    driftWindow: string;
    driftWindowMs: number;
  };
}

export const DEFAULT_PRUNE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 2 },
};

export const DEFAULT_SYNC_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 15 },
};

function positive(
  config: Config,
  key: string,
  fallback: number,
  max = Infinity,
) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || value > max) {
    throw new Error(
      `Invalid config ${key}: ${value}, expected a number above 0${
        max < Infinity ? ` and at most ${max}` : ''
      }`,
    );
  }
  return value;
}

function duration(config: Config, key: string, fallback: string) {
  const text = config.getOptionalString(key) ?? fallback;
  try {
    return { text, ms: parseDuration(text) };
  } catch (e) {
    throw new Error(`Invalid config ${key}: ${(e as Error).message}`);
  }
}

function schedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
) {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

/** Reads `dataMesh.observed`, with defaults; throws naming a bad key. */
export function readObservedConfig(config: Config): ObservedConfig {
  const p = 'dataMesh.observed';
  const drift = duration(config, `${p}.lineage.driftWindow`, '30d');
  const defaultWindow = duration(config, `${p}.slo.defaultWindow`, '30d');
  const maxDepth = Math.floor(
    positive(config, `${p}.lineage.maxDepth`, 10, 20),
  );
  return {
    ingest: {
      maxBodyBytes: positive(
        config,
        `${p}.ingest.maxBodyBytes`,
        4 * 1024 * 1024,
      ),
      maxBatchEvents: Math.floor(
        positive(config, `${p}.ingest.maxBatchEvents`, 1000, 10_000),
      ),
    },
    retention: {
      rawMs: Math.max(1, positive(config, `${p}.retention.rawDays`, 30)) * DAY,
      aggregateMs: positive(config, `${p}.retention.aggregateDays`, 400) * DAY,
    },
    prune: {
      schedule: schedule(config, `${p}.prune.schedule`, DEFAULT_PRUNE_SCHEDULE),
    },
    catalogSync: {
      schedule: schedule(
        config,
        `${p}.catalogSync.schedule`,
        DEFAULT_SYNC_SCHEDULE,
      ),
    },
    slo: {
      defaultWindow: defaultWindow.text,
      freshnessTarget: positive(config, `${p}.slo.freshnessTarget`, 0.99, 1),
    },
    lineage: {
      defaultDepth: Math.min(
        maxDepth,
        Math.floor(positive(config, `${p}.lineage.defaultDepth`, 3, 20)),
      ),
      maxDepth,
      maxNodes: Math.floor(
        positive(config, `${p}.lineage.maxNodes`, 500, 10_000),
      ),
      driftWindow: drift.text,
      driftWindowMs: drift.ms,
    },
  };
}
