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
 * Test helpers of the plugin's tests, which run the real plugin (src/index.ts): the mock
 * scheduler with its factory, a catalog that serves a fixed list of entities and hides
 * some from one caller, and OpenLineage event builders.
 */

import { createHash } from 'node:crypto';
import {
  createServiceFactory,
  type BackstageCredentials,
  type SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';

/**
 * The mock scheduler of backend-test-utils, typed with the factory it has (its declared
 * type is only SchedulerService): tasks run when a test triggers them.
 */
export function mockScheduler() {
  return mockServices.scheduler() as SchedulerService & {
    factory(options?: {
      skipTaskRunOnStartup?: boolean;
    }): ServiceFactory<SchedulerService, 'plugin', 'singleton'>;
  };
}

/**
 * A catalog holding `entities`; callers whose principal subject is in `hiddenFrom` do
 * not see the entities named in it (as the catalog's read permission would do).
 */
export function fakeCatalogFactory(
  entities: Entity[],
  hiddenFrom: Record<string, string[]> = {},
) {
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  const visible = (ref: string, credentials: BackstageCredentials) => {
    const subject =
      (credentials.principal as { subject?: string }).subject ?? '';
    const entity = byRef.get(ref.toLocaleLowerCase('en-US'));
    if (!entity) return undefined;
    return (hiddenFrom[subject] ?? []).includes(entity.metadata.name)
      ? undefined
      : entity;
  };
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      ({
        async getEntityByRef(ref: any, { credentials }: any) {
          return visible(
            typeof ref === 'string' ? ref : stringifyEntityRef(ref),
            credentials,
          );
        },
        async getEntitiesByRefs({ entityRefs }: any, { credentials }: any) {
          return {
            items: entityRefs.map(
              (r: string) => visible(r, credentials) ?? null,
            ),
          };
        },
        async queryEntities(request: any, { credentials }: any) {
          const kind = request?.filter?.kind?.toLocaleLowerCase('en-US');
          const items = [...byRef.keys()]
            .map(ref => visible(ref, credentials))
            .filter(
              (e): e is Entity =>
                !!e && (!kind || e.kind.toLocaleLowerCase('en-US') === kind),
            );
          return { items, totalItems: items.length, pageInfo: {} };
        },
        async *streamEntities(
          this: CatalogService,
          request: any,
          options: any,
        ) {
          yield (await this.queryEntities(request, options)).items;
        },
      } as unknown as CatalogService),
  });
}

/**
 * A DataProduct in the default namespace: the shared compliant fixture with its own
 * lineage (ports, SLOs) replaced by `spec`; ports and SLOs it does not name are none.
 */
export function product(
  name: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
): Entity {
  return dataProductEntity({
    name,
    metadata: { title: name, ...(annotations ? { annotations } : {}) },
    spec: {
      domain: 'test',
      owner: 'group:test-team',
      inputPorts: undefined,
      outputPorts: undefined,
      slos: undefined,
      ...spec,
    },
  });
}

export function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:test-team',
    },
  };
}

/** A UUID derived from a seed, so tests and seeds are repeatable. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

type Ds = [namespace: string, name: string, facets?: Record<string, unknown>];

/** An OpenLineage RunEvent as a stock client sends it. */
export function runEvent(options: {
  type: string;
  run: string;
  job: [namespace: string, name: string];
  at: number;
  inputs?: Ds[];
  outputs?: Ds[];
}) {
  const ds = ([namespace, name, facets]: Ds) => ({
    namespace,
    name,
    ...(facets ? { facets } : {}),
  });
  return {
    eventType: options.type,
    eventTime: new Date(options.at).toISOString(),
    producer:
      'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: uuidFrom(options.run), facets: {} },
    job: { namespace: options.job[0], name: options.job[1], facets: {} },
    inputs: (options.inputs ?? []).map(ds),
    outputs: (options.outputs ?? []).map(ds),
  };
}

export const FACET_BASE = {
  _producer:
    'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/integration/spark',
  _schemaURL:
    'https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsDatasetFacet.json',
};
