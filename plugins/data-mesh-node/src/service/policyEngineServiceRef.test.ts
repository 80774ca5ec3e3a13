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

import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { PolicyEngine } from '../policy/PolicyEngine';
import { policyEngineServiceRef } from './policyEngineServiceRef';

describe('policyEngineServiceRef', () => {
  it('builds one engine from config and logs the policies it could not load', async () => {
    const engines: PolicyEngine[] = [];
    const consumer = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { engine: policyEngineServiceRef },
            async init({ engine }) {
              engines.push(engine);
            },
          });
        },
      });
    const rootLogger = mockServices.rootLogger.mock();
    rootLogger.child.mockReturnValue(rootLogger);
    const backend = await startTestBackend({
      features: [
        consumer('one'),
        consumer('two'),
        rootLogger.factory,
        mockServices.rootConfig.factory({
          data: {
            dataMesh: {
              catalog: { enforcement: 'block' },
              policies: {
                builtin: { 'audit-logging': { enabled: false } },
                global: [
                  {
                    id: 'broken',
                    title: 't',
                    severity: 'required',
                    rule: '((',
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    expect(engines).toHaveLength(2);
    expect(engines[0]).toBe(engines[1]);
    expect(engines[0].enforcement).toBe('block');
    expect(engines[0].policies.map(p => p.id)).not.toContain('audit-logging');
    expect(rootLogger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Data mesh policy 'broken' from global was not loaded: /,
      ),
    );
    await backend.stop();
  });
});
