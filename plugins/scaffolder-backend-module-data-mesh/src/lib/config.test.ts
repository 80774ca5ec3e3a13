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

import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { readScaffolderDataMeshConfig } from './config';

const read = (dataMesh: JsonObject, extra: JsonObject = {}) =>
  readScaffolderDataMeshConfig(
    mockServices.rootConfig({ data: { dataMesh, ...extra } }),
  );

describe('readScaffolderDataMeshConfig', () => {
  it('has defaults for everything', () => {
    expect(read({})).toEqual({
      publishTarget: 'local',
      external: undefined,
      localDirectory: undefined,
      waitForEntitySeconds: 60,
      portalBaseUrl: 'http://localhost:7007',
      gitAuthor: { name: 'Scaffolder', email: 'scaffolder@backstage.io' },
    });
  });

  it('reads every key', () => {
    expect(
      read(
        {
          scaffolder: {
            publish: {
              target: 'external',
              external: { host: 'github.com', owner: 'shopco-data' },
            },
            localPublish: { directory: 'products', waitForEntity: '90s' },
            portalBaseUrl: 'https://portal.example.com/',
          },
        },
        {
          scaffolder: {
            defaultAuthor: { name: 'Meshwork', email: 'mesh@example.com' },
          },
        },
      ),
    ).toEqual({
      publishTarget: 'external',
      external: { host: 'github.com', owner: 'shopco-data' },
      localDirectory: path.resolve('products'),
      waitForEntitySeconds: 90,
      portalBaseUrl: 'https://portal.example.com',
      gitAuthor: { name: 'Meshwork', email: 'mesh@example.com' },
    });
  });

  it.each([
    ['a string', '2m', 120],
    ['ISO 8601', 'PT30S', 30],
    ['an object', { minutes: 1, seconds: 5 }, 65],
    ['zero', '0ms', 0],
  ])('reads the wait for the catalog as %s', (_, waitForEntity, seconds) => {
    expect(
      read({ scaffolder: { localPublish: { waitForEntity } } })
        .waitForEntitySeconds,
    ).toBe(seconds);
  });

  it('still reads the deprecated number of seconds, the new key winning', () => {
    const wait = (localPublish: JsonObject) =>
      read({ scaffolder: { localPublish } }).waitForEntitySeconds;
    expect(wait({ waitForEntitySeconds: 5 })).toBe(5);
    expect(wait({ waitForEntitySeconds: 5, waitForEntity: '10s' })).toBe(10);
  });

  it('names the key of a bad value', () => {
    expect(() =>
      read({ scaffolder: { localPublish: { waitForEntity: 'soon' } } }),
    ).toThrow(/dataMesh\.scaffolder\.localPublish\.waitForEntity/);
    expect(() =>
      read({ scaffolder: { localPublish: { waitForEntity: '-5s' } } }),
    ).toThrow(
      /at 'dataMesh\.scaffolder\.localPublish\.waitForEntity'.*Negative/,
    );
    expect(() =>
      read({
        scaffolder: { localPublish: { waitForEntity: { seconds: -5 } } },
      }),
    ).toThrow(
      'dataMesh.scaffolder.localPublish.waitForEntity must be a duration of 0 or more',
    );
    expect(() =>
      read({ scaffolder: { localPublish: { waitForEntitySeconds: -1 } } }),
    ).toThrow(
      'dataMesh.scaffolder.localPublish.waitForEntitySeconds must be a duration of 0 or more',
    );
    expect(() => read({ scaffolder: { publish: { target: 'ftp' } } })).toThrow(
      "dataMesh.scaffolder.publish.target must be 'local' or 'external', got 'ftp'",
    );
    expect(() =>
      read({ scaffolder: { publish: { target: 'external' } } }),
    ).toThrow(/dataMesh\.scaffolder\.publish\.external \(host and owner\)/);
    expect(() =>
      read({ scaffolder: { portalBaseUrl: 'ftp://portal.example.com' } }),
    ).toThrow(/dataMesh\.scaffolder\.portalBaseUrl must be an http\(s\) URL/);
  });
});
