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
import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';
import { parseSloWindow } from '@meshwork/plugin-data-mesh-common';
import { DAY, HOUR } from './time';

/** The settings of the plugin, read once from `dataMesh` (documented in config.d.ts). */
export interface DataMeshSettings {
  compliance: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    /** The incremental sweep: new and changed products, within seconds. */
    incremental: { schedule: SchedulerServiceTaskScheduleDefinition };
    historyRetentionMs: number;
    historyHeartbeatMs: number;
  };
  evaluate: { maxBodyBytes: number };
  /** The mesh's figures: the SLO roll-up over every product with SLOs. */
  mesh: { sloRollUp: { schedule: SchedulerServiceTaskScheduleDefinition } };
  observed: {
    ingest: {
      maxBodyBytes: number;
      maxBatchEvents: number;
      /** How far ahead of the server an eventTime may be. */
      maxClockSkewMs: number;
    };
    retention: { rawMs: number; aggregateMs: number };
    prune: { schedule: SchedulerServiceTaskScheduleDefinition };
    /** The incremental catalog sync, and the full one (`full`), less often. */
    catalogSync: {
      schedule: SchedulerServiceTaskScheduleDefinition;
      full: { schedule: SchedulerServiceTaskScheduleDefinition };
    };
    slo: { defaultWindow: string; freshnessTarget: number };
    lineage: {
      defaultDepth: number;
      maxDepth: number;
      maxNodes: number;
      driftWindow: string;
      driftWindowMs: number;
    };
    matching: { caseInsensitive: boolean };
    streaming: { reportWindowMs: number };
  };
}

export const DEFAULT_COMPLIANCE_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
  };

export const DEFAULT_INCREMENTAL_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { seconds: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 5 },
  };

export const DEFAULT_SLO_ROLLUP_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 5 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 45 },
  };

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

export const DEFAULT_FULL_SYNC_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 6 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 10 },
  };

function invalid(key: string, value: unknown, expected: string): Error {
  return new Error(
    `Invalid config ${key}: ${JSON.stringify(value)}, expected ${expected}`,
  );
}

function positive(
  config: Config,
  key: string,
  fallback: number,
  max = Infinity,
) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || value > max) {
    throw invalid(
      key,
      value,
      `a number above 0${max < Infinity ? ` and at most ${max}` : ''}`,
    );
  }
  return value;
}

/**
 * A duration in milliseconds, read with Backstage's `readDurationFromConfig` (`'30d'`,
 * ISO 8601 `P30D`, or `{ days: 30 }`). A deprecated number key (`retentionDays`) is
 * still read when the duration key is not set.
 */
function duration(
  config: Config,
  key: string,
  fallback: HumanDuration,
  deprecated?: { key: string; unitMs: number },
): number {
  let ms: number;
  if (config.has(key)) {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } else if (deprecated && config.has(deprecated.key)) {
    ms = positive(config, deprecated.key, 1) * deprecated.unitMs;
  } else {
    ms = durationToMilliseconds(fallback);
  }
  if (!(ms > 0)) {
    throw invalid(key, config.getOptional(key), 'a duration longer than zero');
  }
  return ms;
}

const UNITS: Array<[string, number]> = [
  ['w', 7 * DAY],
  ['d', DAY],
  ['h', HOUR],
  ['m', 60_000],
  ['s', 1000],
];

/** A window as SLO windows are written (`30d`), for responses that show it. */
function windowText(config: Config, key: string, ms: number): string {
  const text = config.getOptional(key);
  if (typeof text === 'string') {
    try {
      if (parseSloWindow(text) === ms) return text.trim();
    } catch {
      // Not in the SLO form (e.g. ISO 8601): written below from the milliseconds.
    }
  }
  const unit = UNITS.find(([, size]) => ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
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

/** Reads `dataMesh` with its defaults; throws naming a bad key. */
export function readDataMeshConfig(config: Config): DataMeshSettings {
  const c = 'dataMesh.compliance';
  const o = 'dataMesh.observed';
  const driftWindowMs = duration(config, `${o}.lineage.driftWindow`, {
    days: 30,
  });
  const defaultWindowMs = duration(config, `${o}.slo.defaultWindow`, {
    days: 30,
  });
  const maxDepth = Math.floor(
    positive(config, `${o}.lineage.maxDepth`, 10, 20),
  );
  return {
    compliance: {
      schedule: schedule(config, `${c}.schedule`, DEFAULT_COMPLIANCE_SCHEDULE),
      incremental: {
        schedule: schedule(
          config,
          `${c}.incremental.schedule`,
          DEFAULT_INCREMENTAL_SCHEDULE,
        ),
      },
      historyRetentionMs: duration(
        config,
        `${c}.history.retention`,
        { days: 365 },
        { key: `${c}.history.retentionDays`, unitMs: DAY },
      ),
      historyHeartbeatMs: duration(
        config,
        `${c}.history.heartbeat`,
        { hours: 24 },
        { key: `${c}.history.heartbeatHours`, unitMs: HOUR },
      ),
    },
    evaluate: {
      maxBodyBytes: Math.floor(
        positive(config, 'dataMesh.evaluate.maxBodyBytes', 256 * 1024),
      ),
    },
    mesh: {
      sloRollUp: {
        schedule: schedule(
          config,
          'dataMesh.mesh.sloRollUp.schedule',
          DEFAULT_SLO_ROLLUP_SCHEDULE,
        ),
      },
    },
    observed: {
      ingest: {
        maxBodyBytes: Math.floor(
          positive(config, `${o}.ingest.maxBodyBytes`, 4 * 1024 * 1024),
        ),
        maxBatchEvents: Math.floor(
          positive(config, `${o}.ingest.maxBatchEvents`, 1000, 10_000),
        ),
        maxClockSkewMs: duration(config, `${o}.ingest.maxClockSkew`, {
          hours: 1,
        }),
      },
      retention: {
        // Never under a day, the documented minimum.
        rawMs: Math.max(
          DAY,
          duration(
            config,
            `${o}.retention.raw`,
            { days: 30 },
            { key: `${o}.retention.rawDays`, unitMs: DAY },
          ),
        ),
        aggregateMs: duration(
          config,
          `${o}.retention.aggregate`,
          { days: 400 },
          { key: `${o}.retention.aggregateDays`, unitMs: DAY },
        ),
      },
      prune: {
        schedule: schedule(
          config,
          `${o}.prune.schedule`,
          DEFAULT_PRUNE_SCHEDULE,
        ),
      },
      catalogSync: {
        schedule: schedule(
          config,
          `${o}.catalogSync.schedule`,
          DEFAULT_SYNC_SCHEDULE,
        ),
        full: {
          schedule: schedule(
            config,
            `${o}.catalogSync.full.schedule`,
            DEFAULT_FULL_SYNC_SCHEDULE,
          ),
        },
      },
      slo: {
        defaultWindow: windowText(
          config,
          `${o}.slo.defaultWindow`,
          defaultWindowMs,
        ),
        freshnessTarget: positive(config, `${o}.slo.freshnessTarget`, 0.99, 1),
      },
      lineage: {
        defaultDepth: Math.min(
          maxDepth,
          Math.floor(positive(config, `${o}.lineage.defaultDepth`, 3, 20)),
        ),
        maxDepth,
        maxNodes: Math.floor(
          positive(config, `${o}.lineage.maxNodes`, 500, 10_000),
        ),
        driftWindow: windowText(
          config,
          `${o}.lineage.driftWindow`,
          driftWindowMs,
        ),
        driftWindowMs,
      },
      matching: {
        caseInsensitive:
          config.getOptionalBoolean(`${o}.matching.caseInsensitive`) ?? false,
      },
      streaming: {
        reportWindowMs: duration(config, `${o}.streaming.reportWindow`, {
          minutes: 15,
        }),
      },
    },
  };
}
