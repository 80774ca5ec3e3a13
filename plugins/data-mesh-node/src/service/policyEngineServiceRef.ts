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
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readPolicyConfig } from '../config/readPolicyConfig';
import { createPolicyEngine, type PolicyEngine } from '../policy/PolicyEngine';

/**
 * The policy engine as a backend service: one instance per backend (root scope), built from
 * app-config (`dataMesh.policies`, `dataMesh.catalog.enforcement`). The data-mesh backend,
 * the catalog module (block mode) and the scaffolder gate all evaluate through it, so they
 * agree. Policies that fail to load are logged as warnings with their id.
 *
 * @public
 */
export const policyEngineServiceRef = createServiceRef<PolicyEngine>({
  id: 'data-mesh.policy-engine',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        // The engine logs a rule whose code generation failed (it then runs interpreted).
        const engine = createPolicyEngine({
          config: readPolicyConfig(config),
          logger,
        });
        for (const e of engine.loadErrors) {
          logger.warn(
            `Data mesh policy '${e.policyId}' from ${e.source} was not loaded: ${e.message}`,
          );
        }
        return engine;
      },
    }),
});
