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
} from '@backstage/backend-test-utils';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments } from 'yaml';
import { readProductFile } from './lib/productFile';

/*
 * The template's skeleton and parts, rendered by the scaffolder's own fetch:template action
 * for every engine, orchestrator and quality framework, with answers full of characters that
 * mean something in YAML, JSON, Python and shell: every structured file must parse, and the
 * answers must come back exactly.
 */

const templateDir = path.resolve(__dirname, '../../../templates/data-product');
const baseUrl = `file://${path.join(templateDir, 'template.yaml')}`;

const hostileTitle = `Orders: "daily" & *all* #1 'quoted' \`tick\` % @ ! | > -`;
const hostileDescription =
  'Line one: a "quote", a \'single\', a #hash.\n- a dash at the start\n  indented: yes\n"""\n--- three dashes';

function answers(engine: string, orchestrator: string, quality: string) {
  return {
    name: 'customer-orders',
    title: hostileTitle,
    description: hostileDescription,
    domain: 'domain:default/customer',
    owner: 'group:default/customer-team',
    lifecycle: 'experimental',
    technicalOwner: 'user:default/jdoe',
    channel: '#customer-data',
    type: 'aggregate',
    classification: 'confidential',
    containsPii: true,
    retentionDays: 730,
    inputProducts: ['dataproduct:default/orders'],
    sources: ['component:default/crm-service'],
    outputPortName: 'main',
    outputPortType: engine === 'flink' ? 'topic' : 'table',
    outputFormat: 'delta',
    outputLocation: 's3://lake/customer/orders',
    columns: [
      { name: 'id', type: 'string', required: true, primaryKey: true },
      { name: 'updated_at', type: 'timestamp', required: true },
      {
        name: 'email',
        type: 'string',
        required: false,
        pii: true,
        description: 'E-mail: "masked" # always',
      },
    ],
    freshness: '6h',
    availability: '99.5%',
    qualityFramework: quality,
    qualityChecks: [
      { check: 'row_count', value: '1000' },
      { check: 'not_null', column: 'id' },
      { check: 'unique', column: 'id' },
      { check: 'freshness', column: 'updated_at', value: '12h' },
    ],
    engine,
    orchestrator,
    schedule: '0 */6 * * *',
    storageType: 'data-lake',
    autoscaling: true,
    encryptionAtRest: true,
    accessControl: 'rbac',
    auditLogging: true,
    piiMasking: false,
    apiName: 'customer-orders-api',
    openlineageNamespace: 'customer',
    openlineageJob: 'customer_orders.build',
    moduleName: 'customer_orders',
    portalBaseUrl: 'https://portal.example.com',
  };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
        : [`${prefix}${e.name}`],
    );
}

describe('the data-product skeleton', () => {
  const action = createFetchTemplateAction({
    reader: mockServices.urlReader.mock(),
    integrations: {} as any,
  });
  const temp = createMockDirectory();

  async function render(values: Record<string, unknown>) {
    const workspace = temp.resolve(`w-${values.engine}`);
    fs.mkdirSync(workspace, { recursive: true });
    for (const url of [
      './skeleton',
      `./parts/engine/${values.engine}`,
      `./parts/orchestrator/${values.orchestrator}`,
      `./parts/quality/${values.qualityFramework}`,
    ]) {
      const ctx = createMockActionContext({
        input: { url, values: values as any },
        workspacePath: workspace,
        templateInfo: { baseUrl, entityRef: 'template:default/data-product' },
      });
      // The mock hands out the workspace itself; fetch:template needs a folder of its own.
      ctx.createTemporaryDirectory = async () =>
        fs.mkdtempSync(path.join(temp.path, 'tmp-'));
      await action.handler(ctx as any);
    }
    return workspace;
  }

  it.each([
    ['spark', 'airflow', 'great-expectations'],
    ['dbt', 'dagster', 'dbt-tests'],
    ['flink', 'prefect', 'soda'],
    ['python', 'airflow', 'soda'],
  ])(
    'renders %s with %s and %s into files that parse, with the answers intact',
    async (engine, orchestrator, quality) => {
      const values = answers(engine, orchestrator, quality);
      const workspace = await render(values);
      const files = listFiles(workspace);

      expect(files).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'contract.odcs.yaml',
          'mkdocs.yml',
          'docs/index.md',
          '.github/workflows/governance.yaml',
        ]),
      );
      expect(
        files.some(f => f.startsWith('pipeline/') || f.startsWith('models/')),
      ).toBe(true);
      expect(files.some(f => f.startsWith('quality/'))).toBe(true);
      expect(files.filter(f => f.includes('${{'))).toEqual([]);

      const problems: string[] = [];
      for (const file of files) {
        const text = fs.readFileSync(path.join(workspace, file), 'utf8');
        // Only the workflow holds expressions, GitHub's own.
        if (!file.startsWith('.github/') && text.includes('${{')) {
          problems.push(`${file}: an expression was left unrendered`);
        }
        if (/\.ya?ml$/.test(file)) {
          for (const doc of parseAllDocuments(text)) {
            problems.push(...doc.errors.map(e => `${file}: ${e.message}`));
          }
        } else if (file.endsWith('.json')) {
          try {
            JSON.parse(text);
          } catch (e) {
            problems.push(`${file}: ${e}`);
          }
        }
      }
      expect(problems).toEqual([]);

      // The product is a valid DataProduct (and API), with the answers exactly as given.
      const product = await readProductFile(
        workspace,
        'catalog-info.yaml',
        'path',
      );
      expect(product.entities.map(e => e.kind)).toEqual(['DataProduct', 'API']);
      expect(product.product.metadata.title).toBe(hostileTitle);
      expect(product.product.metadata.description).toBe(hostileDescription);
      expect(product.product.spec).toMatchObject({
        domain: 'domain:default/customer',
        inputPorts: [
          { dataProduct: 'dataproduct:default/orders' },
          { source: 'component:default/crm-service' },
        ],
        quality: {
          framework: quality,
          checks: [
            { name: 'row_count', threshold: '>= 1000' },
            { name: 'not_null_id', threshold: '100%' },
            { name: 'unique_id', threshold: '100%' },
            { name: 'freshness_updated_at', threshold: '< 12h' },
          ],
        },
        infrastructure: {
          security: { encryptionAtRest: true, auditLogging: true },
        },
      });
      expect(product.product.metadata.annotations).toMatchObject({
        'meshwork.dev/openlineage-namespace': 'customer',
        'meshwork.dev/openlineage-job': 'customer_orders.build',
      });
      const api = product.entities[1];
      const definition = parseAllDocuments(String(api.spec?.definition))[0];
      expect(definition.errors).toEqual([]);
      expect(definition.toJS().info.title).toBe(hostileTitle);

      const contract = parseAllDocuments(
        fs.readFileSync(path.join(workspace, 'contract.odcs.yaml'), 'utf8'),
      )[0].toJS();
      expect(contract).toMatchObject({
        apiVersion: 'v3.0.2',
        kind: 'DataContract',
        name: hostileTitle,
        description: { purpose: hostileDescription },
        schema: [
          {
            name: 'main',
            properties: [
              { name: 'id', primaryKey: true },
              { name: 'updated_at', logicalType: 'date' },
              { name: 'email', classification: 'confidential' },
            ],
          },
        ],
        slaProperties: expect.arrayContaining([
          { property: 'latency', value: 6, unit: 'h' },
          { property: 'retention', value: 730, unit: 'd' },
        ]),
      });

      const workflow = fs.readFileSync(
        path.join(workspace, '.github/workflows/governance.yaml'),
        'utf8',
      );
      expect(workflow).toContain('${{ secrets.MESHWORK_TOKEN }}');
      expect(workflow).toContain('/api/data-mesh/evaluate');
      expect(workflow).toContain('"https://portal.example.com"');
      // Answers never reach the workflow: GitHub would evaluate expressions in them.
      expect(workflow).not.toContain('Orders');
    },
  );
});
