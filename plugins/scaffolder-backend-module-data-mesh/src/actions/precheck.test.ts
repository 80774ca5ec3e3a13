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
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  apiEntity,
  meshEntities,
  productEntity,
  testConfig,
} from '../__testUtils__/fixtures';
import { LOCAL_PUBLISH_LOCATION_TYPE } from '@meshwork/plugin-data-mesh-node';
import { apiEntityName, createDataProductPrecheckAction } from './precheck';

describe('meshwork:dataproduct:precheck', () => {
  const publishDir = createMockDirectory();
  const taken = productEntity({ name: 'customer-360' });
  const takenApi = apiEntity('payments-api');
  const catalog = catalogServiceMock({
    entities: [...meshEntities, taken, takenApi],
  });
  const auth = mockServices.auth();
  const action = createDataProductPrecheckAction({
    catalog,
    auth,
    config: testConfig({ localDirectory: publishDir.path }),
  });

  beforeEach(() => publishDir.clear());

  const run = (input: Record<string, unknown>, taskId = 'task-1') => {
    const ctx = createMockActionContext({
      input: input as any,
      task: { id: taskId },
    });
    return { ctx, done: action.handler(ctx as any) };
  };

  it('checks good answers and outputs what later steps need', async () => {
    const { ctx, done } = run({
      name: 'customer-orders',
      domain: 'domain:default/customer',
      owner: 'group:default/customer-team',
      dependencies: ['dataproduct:default/orders', 'component:crm-service'],
      values: { title: 'Customer Orders', description: 'Two\nlines' },
    });
    await done;
    const outputs = Object.fromEntries(
      (ctx.output as any).mock.calls as Array<[string, unknown]>,
    );
    expect(outputs).toEqual({
      entityRef: 'dataproduct:default/customer-orders',
      apiName: 'customer-orders-api',
      publishTarget: 'local',
      portalBaseUrl: 'https://portal.example.com',
      openlineageNamespace: 'customer',
      openlineageJob: 'customer_orders.build',
      moduleName: 'customer_orders',
    });
  });

  it('refuses unsafe answers, listing each, before looking anything up', async () => {
    const getEntityByRef = vi.spyOn(catalog, 'getEntityByRef');
    getEntityByRef.mockClear();
    await expect(
      run({
        name: '../etc',
        owner: 'group:a\nb',
        values: {
          title: 'x ${{ secrets.TOKEN }}',
          outputLocation: '../../../etc/passwd',
        },
      }).done,
    ).rejects.toThrow(
      /nothing was written:\n- name must be lowercase letters[^\n]*\n- owner must be a single line[^\n]*\n- values\.title contains template syntax[^\n]*\n- values\.outputLocation contains a "\.\." path segment[^\n]*\n- owner must be an entity reference/,
    );
    expect(getEntityByRef).not.toHaveBeenCalled();
  });

  it('refuses a name already in the catalog, and an API name already taken', async () => {
    await expect(run({ name: 'customer-360' }).done).rejects.toThrow(
      'name: dataproduct:default/customer-360 already exists in the catalog; choose another name',
    );
    await expect(run({ name: 'payments' }).done).rejects.toThrow(
      'the API entity api:default/payments-api for the output port already exists',
    );
  });

  it('refuses references to entities that are not in the catalog', async () => {
    await expect(
      run({
        name: 'customer-orders',
        domain: 'domain:default/nowhere',
        owner: 'group:default/customer-team',
        dependencies: ['dataproduct:default/ghost'],
      }).done,
    ).rejects.toThrow(
      /- domain: domain:default\/nowhere is not in the catalog\n- dependencies\[0\]: dataproduct:default\/ghost is not in the catalog/,
    );
  });

  it('refuses a name taken in the local publish folder, unless this task published it', async () => {
    publishDir.setContent({ 'customer-orders': { 'README.md': 'x' } });
    await expect(run({ name: 'customer-orders' }).done).rejects.toThrow(
      /a product repository named customer-orders already exists in the local publish folder/,
    );

    // A retry of the task that published it (and registered it) goes through.
    publishDir.setContent({
      'customer-orders': {
        '.git': { 'meshwork-scaffolder-task': 'task-7\n' },
      },
    });
    const registered = productEntity({ name: 'customer-orders' });
    registered.metadata.annotations = {
      'backstage.io/managed-by-location': `${LOCAL_PUBLISH_LOCATION_TYPE}:${path.join(
        publishDir.path,
        'customer-orders',
        'catalog-info.yaml',
      )}`,
    };
    const retryCatalog = catalogServiceMock({
      entities: [...meshEntities, registered],
    });
    const retryAction = createDataProductPrecheckAction({
      catalog: retryCatalog,
      auth,
      config: testConfig({ localDirectory: publishDir.path }),
    });
    const ctx = createMockActionContext({
      input: { name: 'customer-orders' },
      task: { id: 'task-7' },
    });
    await retryAction.handler(ctx as any);
    const other = createMockActionContext({
      input: { name: 'customer-orders' },
      task: { id: 'task-8' },
    });
    await expect(retryAction.handler(other as any)).rejects.toThrow(
      /already exists in the catalog/,
    );
    expect(fs.readdirSync(publishDir.path)).toEqual(['customer-orders']);
  });

  it('gives the external target a repository URL', async () => {
    const external = createDataProductPrecheckAction({
      catalog,
      auth,
      config: testConfig({
        publishTarget: 'external',
        external: { host: 'github.com', owner: 'shopco-data' },
      }),
    });
    const ctx = createMockActionContext({ input: { name: 'customer-orders' } });
    await external.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('publishTarget', 'external');
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=shopco-data&repo=customer-orders',
    );
  });

  it('keeps API entity names within 63 characters', () => {
    expect(apiEntityName('a'.repeat(63))).toBe(`${'a'.repeat(59)}-api`);
    expect(apiEntityName(`${'a'.repeat(58)}-bcde`)).toBe(
      `${'a'.repeat(58)}-api`,
    );
  });
});
