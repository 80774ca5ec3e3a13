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

import type { Entity } from '@backstage/catalog-model';
import type {
  DataProductSlo,
  SloStatus,
} from '@meshwork/plugin-data-mesh-common';
import type { ObservedStore } from '../database/ObservedStore';
import type { DataMeshSettings } from '../lib/config';
import { DAY } from '../lib/time';
import { readProductMapping } from './productMapping';
import { computeSloStatus, sloWindowMs } from './sloStatus';

/** The SLOs an entity declares, as the SLO status route reads them. */
function declaredSlos(entity: Entity): DataProductSlo[] {
  const declared: unknown[] = Array.isArray(entity.spec?.slos)
    ? entity.spec.slos
    : [];
  return declared.filter(
    (s): s is DataProductSlo =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as { indicator?: unknown }).indicator === 'string',
  );
}

/**
 * The status of every SLO a product declares, at `now`, from what was observed: the one
 * implementation behind `GET /products/{namespace}/{name}/slos` and the mesh's SLO
 * roll-up, so a product's card and the mesh's figures never disagree.
 */
export async function productSloStatuses(
  entity: Entity,
  observed: ObservedStore,
  settings: DataMeshSettings['observed'],
  now: number,
): Promise<SloStatus[]> {
  const slos = declaredSlos(entity);
  if (slos.length === 0) return [];
  const mapping = readProductMapping(entity, settings.matching);
  const longest = Math.min(
    settings.retention.aggregateMs,
    Math.max(
      DAY,
      ...slos.map(s => sloWindowMs(s, settings.slo.defaultWindow) ?? 0),
    ),
  );
  const datasetIds = await observed.datasetIdsOf(mapping);
  const runs = await observed.runsOf(mapping, datasetIds);
  const data = await observed.sloData({
    productRef: mapping.ref,
    datasetIds,
    runs,
    indicators: [
      ...new Set(slos.map(s => s.indicator.toLocaleLowerCase('en-US'))),
    ],
    windowStart: now - longest,
    streamFrom: now - longest - settings.streaming.reportWindowMs,
    now,
  });
  return slos.map(slo =>
    computeSloStatus(slo, data, {
      now,
      defaultWindow: settings.slo.defaultWindow,
      freshnessTarget: settings.slo.freshnessTarget,
      reportWindowMs: settings.streaming.reportWindowMs,
    }),
  );
}
