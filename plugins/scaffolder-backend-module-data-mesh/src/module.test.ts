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
  createMockDirectory,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import git from 'isomorphic-git';
import scaffolderModuleDataMesh from '.';

/*
 * The real data-product template through the real scaffolder and catalog backends, with
 * Meshwork's catalog module and this package's modules: the embedded default end to end.
 */

const repoRoot = path.resolve(__dirname, '../../..');

type TaskEvent = {
  type: string;
  body: { message: string; stepId?: string; status?: string; output?: any };
};

/** Answers a person could give in the form: a compliant aggregate of the customer domain. */
function answers(overrides: Record<string, unknown> = {}) {
  return {
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
    columns: [
      { name: 'customer_id', type: 'string', required: true, primaryKey: true },
      { name: 'day', type: 'date', required: true },
      { name: 'orders', type: 'integer', required: true },
    ],
    freshness: '1d',
    availability: '99.5%',
    qualityFramework: 'soda',
    qualityChecks: [
      { check: 'row_count', value: '1' },
      { check: 'not_null', column: 'customer_id' },
    ],
    engine: 'dbt',
    orchestrator: 'airflow',
    schedule: '0 2 * * *',
    storageType: 'warehouse',
    autoscaling: false,
    encryptionAtRest: true,
    accessControl: 'rbac',
    auditLogging: true,
    piiMasking: false,
    ...overrides,
  };
}

describe('the data-product template through the scaffolder', () => {
  const publishDir = createMockDirectory();
  let backend: TestBackend;
  let baseUrl: string;

  async function api(method: string, route: string, body?: unknown) {
    const response = await fetch(`${baseUrl}/api${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
    };
  }

  async function getEntity(ref: string): Promise<Entity | undefined> {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const { status, body } = await api(
      'GET',
      `/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    );
    return status === 200 ? body : undefined;
  }

  /** Runs the template to its end, returning the task's status, events and output. */
  async function runTemplate(values: Record<string, unknown>) {
    const created = await api('POST', '/scaffolder/v2/tasks', {
      templateRef: 'template:default/data-product',
      values,
    });
    expect(created).toMatchObject({ status: 201 });
    const id = created.body.id;
    let task: any;
    await vi.waitFor(
      async () => {
        task = (await api('GET', `/scaffolder/v2/tasks/${id}`)).body;
        expect(['completed', 'failed', 'cancelled']).toContain(task.status);
      },
      { timeout: 45_000, interval: 200 },
    );
    const events: TaskEvent[] = (
      await api('GET', `/scaffolder/v2/tasks/${id}/events`)
    ).body;
    const log = events.map(e => e.body.message).join('\n');
    const completion = events.find(e => e.type === 'completion');
    return { status: task.status as string, log, events, completion };
  }

  const stepStatus = (events: TaskEvent[], stepId: string) =>
    events
      .filter(e => e.body.stepId === stepId && e.body.status)
      .map(e => e.body.status)
      .pop();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        import(
          '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
        ),
        import('@meshwork/plugin-catalog-backend-module-data-mesh'),
        import(
          '@meshwork/plugin-catalog-backend-module-data-mesh-local-publish'
        ),
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModuleDataMesh,
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
                'templates/data-product/template.yaml',
                'examples/org.yaml',
                'examples/mesh/all.yaml',
              ].map(file => ({
                type: 'file',
                target: path.join(repoRoot, file),
              })),
            },
            scaffolder: {
              defaultAuthor: {
                name: 'Meshwork',
                email: 'scaffolder@meshwork.local',
              },
            },
            dataMesh: {
              scaffolder: {
                localPublish: {
                  directory: publishDir.path,
                  waitForEntitySeconds: 30,
                },
                portalBaseUrl: 'https://portal.example.com',
              },
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;

    // The template and what its answers refer to are in the catalog.
    await vi.waitFor(
      async () => {
        for (const ref of [
          'template:default/data-product',
          'domain:default/customer',
          'group:default/customer-team',
          'dataproduct:default/orders',
          'component:default/crm-service',
          'dataproduct:default/customer-360',
        ]) {
          if (!(await getEntity(ref))) {
            throw new Error(`${ref} is not in the catalog yet`);
          }
        }
      },
      { timeout: 40_000, interval: 250 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('ends a compliant run with the new product in the catalog, related to its owner, domain and inputs', async () => {
    const { status, log, events, completion } = await runTemplate(answers());
    expect({ status, log }).toMatchObject({ status: 'completed' });

    // The gate ran and passed; the git host steps were skipped.
    expect(stepStatus(events, 'gate')).toBe('completed');
    expect(stepStatus(events, 'publish')).toBe('completed');
    expect(stepStatus(events, 'publish-git')).toBe('skipped');
    expect(stepStatus(events, 'register')).toBe('skipped');
    expect(log).toMatch(/Governance: (passing|warning), score \d+/);
    expect(completion?.body.output).toMatchObject({
      links: [
        {
          title: 'Open the data product',
          entityRef: 'dataproduct:default/customer-orders-daily',
        },
      ],
      text: [
        {
          title: 'Governance',
          content: expect.stringMatching(/score \d+ of 100/),
        },
        {
          title: 'Repository',
          content: expect.stringContaining(
            publishDir.resolve('customer-orders-daily'),
          ),
        },
      ],
    });

    // A git repository with one commit, in the local publish folder.
    const repo = publishDir.resolve('customer-orders-daily');
    const commits = await git.log({ fs, dir: repo });
    expect(commits).toHaveLength(1);
    expect(commits[0].commit.author.name).toBe('Meshwork');
    const files = await git.listFiles({ fs, dir: repo });
    expect(files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'contract.odcs.yaml',
        'dbt_project.yml',
        'models/customer_orders_daily.sql',
        'dags/customer_orders_daily.py',
        'quality/checks.yml',
        '.github/workflows/governance.yaml',
        'mkdocs.yml',
        'docs/index.md',
      ]),
    );

    // In the catalog, with its relations (stitched a moment after it appears).
    await vi.waitFor(
      async () => {
        const product = await getEntity(
          'dataproduct:default/customer-orders-daily',
        );
        expect(
          (product?.relations ?? [])
            .map(r => `${r.type} ${r.targetRef}`)
            .sort(),
        ).toEqual([
          'dependsOn component:default/crm-service',
          'dependsOn dataproduct:default/orders',
          'ownedBy group:default/customer-team',
          'partOf domain:default/customer',
          'providesApi api:default/customer-orders-daily-api',
        ]);
        expect(product?.metadata.annotations).toMatchObject({
          'backstage.io/managed-by-location': `meshwork-local:${path.join(
            repo,
            'catalog-info.yaml',
          )}`,
          'meshwork.dev/openlineage-job': 'customer_orders_daily.build',
        });
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(
      await getEntity('api:default/customer-orders-daily-api'),
    ).toBeDefined();

    // Running it again is refused before anything is written: the name is now taken.
    const again = await runTemplate(answers());
    expect(again.status).toBe('failed');
    expect(again.log).toContain(
      'dataproduct:default/customer-orders-daily already exists in the catalog',
    );
  });

  it('stops a run that breaks a required policy at the gate, listing the violations, and writes nothing', async () => {
    const { status, log, events } = await runTemplate(
      answers({
        name: 'customer-secrets',
        classification: 'confidential',
        encryptionAtRest: false,
        type: 'consumer-aligned',
        inputProducts: [],
        sources: [],
      }),
    );
    expect(status).toBe('failed');
    expect(stepStatus(events, 'render')).toBe('completed');
    expect(stepStatus(events, 'gate')).toBe('failed');
    expect(stepStatus(events, 'publish')).not.toBe('completed');
    expect(log).toMatch(
      /dataproduct:default\/customer-secrets breaks \d+ required policies; nothing was published/,
    );
    expect(log).toMatch(
      /\[required\] encryption-at-rest \(builtin\): .*Fix: Enable encryption/,
    );
    expect(log).toMatch(
      /\[required\] data-lineage \(builtin\): .*Fix: List what the product is built from/,
    );
    expect(fs.existsSync(publishDir.resolve('customer-secrets'))).toBe(false);
    expect(
      fs.readdirSync(publishDir.path).filter(f => f.includes('secrets')),
    ).toEqual([]);
    expect(
      await getEntity('dataproduct:default/customer-secrets'),
    ).toBeUndefined();
  });

  it('refuses an existing name and unsafe answers before anything is rendered or written', async () => {
    const taken = await runTemplate(answers({ name: 'customer-360' }));
    expect(taken.status).toBe('failed');
    expect(stepStatus(taken.events, 'precheck')).toBe('failed');
    expect(stepStatus(taken.events, 'render')).toBe('skipped');
    expect(taken.log).toContain(
      'name: dataproduct:default/customer-360 already exists in the catalog; choose another name',
    );

    const unsafe = await runTemplate(
      answers({
        name: 'customer-unsafe',
        description: 'Nice product {% include "/etc/passwd" %}',
      }),
    );
    expect(unsafe.status).toBe('failed');
    expect(stepStatus(unsafe.events, 'render')).toBe('skipped');
    expect(unsafe.log).toContain('values.description contains template syntax');

    // The form's own schema is enforced on submission too.
    const escape = await api('POST', '/scaffolder/v2/tasks', {
      templateRef: 'template:default/data-product',
      values: answers({ name: '../../etc' }),
    });
    expect(escape.status).toBe(400);

    expect(fs.readdirSync(publishDir.path).sort()).toEqual([
      'customer-orders-daily',
    ]);
  });
});
