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
  createMockDirectory,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import catalogModuleDataMeshLocalPublish from '.';

/*
 * The module in the real catalog backend: registration through the catalog's own API, the
 * way `meshwork:publish:local` registers a published repository.
 */

describe('catalogModuleDataMeshLocalPublish', () => {
  const publishDir = createMockDirectory();
  const elsewhere = createMockDirectory();
  let backend: TestBackend;
  let baseUrl: string;

  // A Component: the kinds the catalog allows from registered locations by default.
  const component = (name: string) =>
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name} }\nspec: { type: service, lifecycle: production, owner: group:orders-team }\n`;

  async function api(method: string, route: string, body?: unknown) {
    const response = await fetch(`${baseUrl}/api/catalog${route}`, {
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

  beforeAll(async () => {
    publishDir.setContent({
      'orders-daily': { 'catalog-info.yaml': component('orders-daily') },
    });
    elsewhere.setContent({ 'catalog-info.yaml': component('intruder') });
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        catalogModuleDataMeshLocalPublish,
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
            dataMesh: {
              scaffolder: { localPublish: { directory: publishDir.path } },
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('registers a published repository and the catalog reads its entities', async () => {
    const target = publishDir.resolve('orders-daily/catalog-info.yaml');
    const created = await api('POST', '/locations', {
      type: 'meshwork-local',
      target,
    });
    expect(created.status).toBe(201);
    expect(created.body.location).toMatchObject({
      type: 'meshwork-local',
      target,
    });
    await vi.waitFor(
      async () => {
        const { status, body } = await api(
          'GET',
          '/entities/by-name/component/default/orders-daily',
        );
        expect(status).toBe(200);
        expect(
          body.metadata.annotations['backstage.io/managed-by-location'],
        ).toBe(`meshwork-local:${target}`);
      },
      { timeout: 30_000, interval: 250 },
    );
  });

  it('reads nothing outside the local publish folder', async () => {
    const outside = await api('POST', '/locations?dryRun=true', {
      type: 'meshwork-local',
      target: elsewhere.resolve('catalog-info.yaml'),
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toMatch(
      /must be the absolute path of a file inside the local publish folder/,
    );
  });

  it('allows url and meshwork-local registrations only, not file', async () => {
    const file = await api('POST', '/locations', {
      type: 'file',
      target: elsewhere.resolve('catalog-info.yaml'),
    });
    expect(file.status).toBe(400);
    expect(file.body.error.message).toBe(
      'Registered locations must be of an allowed type ["url","meshwork-local"]',
    );
    // Nothing was registered.
    const { body } = await api('GET', '/locations');
    expect(
      body.map((l: { data: { type: string } }) => l.data.type),
    ).not.toContain('file');
  });
});
