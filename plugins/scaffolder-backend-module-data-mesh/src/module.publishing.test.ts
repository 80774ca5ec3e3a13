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

import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { stringify } from 'yaml';
import scaffolderModuleDataMesh from '.';
import { productEntity } from './__testUtils__/fixtures';

/*
 * Installs that cannot publish, through the real scaffolder and catalog backends: the
 * template refuses before anything is rendered, the module says why once at start, and a
 * publish the catalog refuses leaves nothing behind.
 */

const repoRoot = path.resolve(__dirname, '../../..');

type TaskEvent = {
  type: string;
  body: { message: string; stepId?: string; status?: string };
};

/** Compliant answers for the data-product template. */
const answers = {
  name: 'customer-orders-daily',
  title: 'Customer Orders Daily',
  description: 'Orders per customer and day, for retention analytics.',
  domain: 'domain:default/customer',
  owner: 'group:default/customer-team',
  lifecycle: 'experimental',
  type: 'aggregate',
  classification: 'internal',
  containsPii: false,
  retentionDays: 365,
  inputProducts: ['dataproduct:default/orders'],
  sources: ['component:default/crm-service'],
  outputPortName: 'daily',
  outputPortType: 'table',
  outputFormat: 'delta',
  columns: [{ name: 'customer_id', type: 'string', required: true }],
  freshness: '1d',
  availability: '99.5%',
  qualityFramework: 'soda',
  qualityChecks: [{ check: 'row_count', value: '1' }],
  engine: 'dbt',
  orchestrator: 'airflow',
  schedule: '0 2 * * *',
  storageType: 'warehouse',
  autoscaling: false,
  encryptionAtRest: true,
  accessControl: 'rbac',
  auditLogging: true,
  piiMasking: false,
};

/** A logger that keeps every warning, as `<plugin>: <message>`. */
function recordingLogger(warnings: string[]) {
  return createServiceFactory({
    service: coreServices.logger,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const logger: LoggerService = {
        error() {},
        info() {},
        debug() {},
        warn(message: string) {
          warnings.push(`${plugin.getId()}: ${message}`);
        },
        child: () => logger,
      };
      return logger;
    },
  });
}

/** A backend with the catalog and the scaffolder, optionally without some modules. */
async function startBackend(options: {
  localPublishModule: boolean;
  localPublish?: JsonObject;
  warnings: string[];
  extraLocations?: string[];
}) {
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      import(
        '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
      ),
      import('@meshwork/plugin-catalog-backend-module-data-mesh'),
      ...(options.localPublishModule
        ? [
            import(
              '@meshwork/plugin-catalog-backend-module-data-mesh-local-publish'
            ),
          ]
        : []),
      import('@backstage/plugin-scaffolder-backend'),
      scaffolderModuleDataMesh,
      recordingLogger(options.warnings),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [
              {
                allow: [
                  'Template',
                  'Domain',
                  'DataProduct',
                  'Group',
                  'User',
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                ],
              },
            ],
            locations: [
              path.join(repoRoot, 'templates/data-product/template.yaml'),
              path.join(repoRoot, 'examples/org.yaml'),
              path.join(repoRoot, 'examples/mesh/all.yaml'),
              ...(options.extraLocations ?? []),
            ].map(target => ({ type: 'file', target })),
          },
          dataMesh: {
            scaffolder: {
              ...(options.localPublish
                ? { localPublish: options.localPublish }
                : {}),
            },
          },
        },
      }),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}`;
  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  const waitForEntities = (...refs: string[]) =>
    vi.waitFor(
      async () => {
        for (const ref of refs) {
          const [kind, rest] = ref.split(':');
          const [namespace, name] = rest.split('/');
          const { status } = await api(
            'GET',
            `/catalog/entities/by-name/${kind}/${namespace}/${name}`,
          );
          if (status !== 200) throw new Error(`${ref} is not in the catalog`);
        }
      },
      { timeout: 40_000, interval: 250 },
    );
  const runTemplate = async (
    templateRef: string,
    values: Record<string, unknown>,
  ) => {
    const created = await api('POST', '/scaffolder/v2/tasks', {
      templateRef,
      values,
    });
    expect(created.status).toBe(201);
    let task: any;
    await vi.waitFor(
      async () => {
        task = (await api('GET', `/scaffolder/v2/tasks/${created.body.id}`))
          .body;
        expect(['completed', 'failed', 'cancelled']).toContain(task.status);
      },
      { timeout: 45_000, interval: 200 },
    );
    const events: TaskEvent[] = (
      await api('GET', `/scaffolder/v2/tasks/${created.body.id}/events`)
    ).body;
    const step = (id: string) =>
      events
        .filter(e => e.body.stepId === id && e.body.status)
        .map(e => e.body.status)
        .pop();
    return {
      status: task.status as string,
      log: events.map(e => e.body.message).join('\n'),
      step,
    };
  };
  return { backend, api, waitForEntities, runTemplate };
}

const prerequisites = [
  'template:default/data-product',
  'domain:default/customer',
  'group:default/customer-team',
  'dataproduct:default/orders',
  'component:default/crm-service',
];

describe('an install without the local-publish catalog module', () => {
  const publishDir = createMockDirectory();
  const extra = createMockDirectory();
  const warnings: string[] = [];
  let backend: TestBackend;
  let started: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    // A template that publishes without the data-product template's pre-check, as an
    // organisation's own template might.
    extra.setContent({
      'publish-only.yaml': stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'publish-only' },
        spec: {
          owner: 'group:default/customer-team',
          type: 'data-product',
          parameters: [],
          steps: [
            {
              id: 'write',
              action: 'catalog:write',
              input: { entity: '${{ parameters.entity }}' },
            },
            {
              id: 'publish',
              action: 'meshwork:publish:local',
              input: {
                name: '${{ parameters.entity.metadata.name }}',
                waitForEntitySeconds: 0,
              },
            },
          ],
        },
      }),
    });
    started = await startBackend({
      localPublishModule: false,
      localPublish: { directory: publishDir.path },
      warnings,
      extraLocations: [extra.resolve('publish-only.yaml')],
    });
    backend = started.backend;
    await started.waitForEntities(
      ...prerequisites,
      'template:default/publish-only',
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('refuses the data-product template at its first step, naming the module, before anything is rendered', async () => {
    const run = await started.runTemplate(
      'template:default/data-product',
      answers,
    );
    expect(run.status).toBe('failed');
    expect(run.step('precheck')).toBe('failed');
    expect(run.step('render')).toBe('skipped');
    expect(run.log).toContain(
      "publishing: the catalog does not accept meshwork-local locations, so the new product could not be registered; add backend.add(import('@meshwork/plugin-catalog-backend-module-data-mesh-local-publish')) to the backend",
    );
    expect(fs.readdirSync(publishDir.path)).toEqual([]);
  });

  it('removes what a refused publish wrote, so the next run with the same name gets the same clear answer', async () => {
    const entity = productEntity({ name: 'customer-orders' });
    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await started.runTemplate('template:default/publish-only', {
        entity,
      });
      expect(run.status).toBe('failed');
      expect(run.step('publish')).toBe('failed');
      expect(run.log).toContain(
        "The catalog does not accept meshwork-local locations: add backend.add(import('@meshwork/plugin-catalog-backend-module-data-mesh-local-publish')) to the backend. Nothing was kept in",
      );
      expect(run.log).not.toContain('already exists');
      expect(fs.readdirSync(publishDir.path)).toEqual([]);
    }
  });

  it('logs nothing at start about publishing when the folder is set', () => {
    expect(warnings.filter(w => /publish/i.test(w))).toEqual([]);
  });
});

describe('an install without dataMesh.scaffolder.localPublish.directory', () => {
  const warnings: string[] = [];
  let started: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    started = await startBackend({ localPublishModule: true, warnings });
    await started.waitForEntities(...prerequisites);
  });

  afterAll(async () => {
    await started?.backend.stop();
  });

  it('starts, and says once which key to set', () => {
    const lines = warnings.filter(w =>
      w.includes('dataMesh.scaffolder.localPublish.directory'),
    );
    expect(lines).toEqual([
      'scaffolder: The data-product template cannot publish: dataMesh.scaffolder.localPublish.directory is not set, so the new repository has nowhere to go; set it to a folder the backend may write to, or set dataMesh.scaffolder.publish.target to external to publish to a git host',
    ]);
  });

  it('refuses the template at its first step with the same reason', async () => {
    const run = await started.runTemplate(
      'template:default/data-product',
      answers,
    );
    expect(run.status).toBe('failed');
    expect(run.step('precheck')).toBe('failed');
    expect(run.step('render')).toBe('skipped');
    expect(run.log).toContain(
      'publishing: dataMesh.scaffolder.localPublish.directory is not set',
    );
  });
});
