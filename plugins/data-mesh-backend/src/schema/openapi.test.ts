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
import { parse } from 'yaml';
import { createRouter, type RouterOptions } from '../service/router';

describe('openapi.yaml', () => {
  it('documents exactly the routes the governance router serves', async () => {
    const spec = parse(readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'));
    expect(spec.openapi).toMatch(/^3\./);
    // Other routers of the plugin document their own paths in the same file.
    const governance = /^\/(policies|compliance|evaluate)(\/|$)/;
    const documented = Object.entries(spec.paths as Record<string, object>)
      .filter(([path]) => governance.test(path))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map(m => `${m.toUpperCase()} ${path}`),
      )
      .sort();

    const router = await createRouter({ maxBodyBytes: 1 } as RouterOptions);
    const served = (router as any).stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          m =>
            `${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      .sort();
    expect(documented).toEqual(served);
  });
});
