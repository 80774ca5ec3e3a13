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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import type { PersistenceContext } from '../database/persistenceContext';
import { readDataMeshConfig } from '../lib/config';
import { createRouter, type RouterOptions } from '../router';
import { spec } from './openapi';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of an express router, nested routers included, as `METHOD /path`. */
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map(
        m => `${m.toUpperCase()} ${path}`,
      );
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

const yamlSpec = () =>
  parse(readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'));

describe('openapi.yaml', () => {
  it('is what the generated router validates against (regenerate after editing it)', () => {
    // node scripts/generate-openapi-router.js rewrites src/schema/openapi/generated.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(yamlSpec());
  });

  it('documents exactly the routes the plugin serves, every feature included', async () => {
    const document = yamlSpec();
    expect(document.openapi).toMatch(/^3\./);
    const documented = Object.entries(document.paths as Record<string, object>)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map(m => `${m.toUpperCase()} ${path}`),
      )
      .sort();

    // The same wiring as plugin.ts; no request is made, so the services are not used.
    const router = await createRouter({
      settings: readDataMeshConfig(new ConfigReader({})),
      context: {} as PersistenceContext,
    } as RouterOptions);
    const served = routesOf((router as unknown as { stack: Layer[] }).stack)
      // Added by Backstage's OpenAPI router to every plugin that has a spec.
      .filter(r => r !== 'GET /openapi.json')
      .sort();
    expect(served).toEqual(documented);
    expect(served.length).toBeGreaterThanOrEqual(13);
  });
});
