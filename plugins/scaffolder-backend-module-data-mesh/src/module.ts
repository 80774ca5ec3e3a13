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
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { policyEngineServiceRef } from '@meshwork/plugin-data-mesh-node';
import { createGovernanceCheckAction } from './actions/governanceCheck';
import {
  createDataProductPrecheckAction,
  LOCAL_PUBLISH_DIRECTORY_MISSING,
} from './actions/precheck';
import { createPublishLocalAction } from './actions/publishLocal';
import { readScaffolderDataMeshConfig } from './lib/config';

/**
 * The scaffolder module of Meshwork: the paved road's template actions
 * `meshwork:dataproduct:precheck`, `meshwork:governance:check` and `meshwork:publish:local`.
 *
 * @public
 */
export const scaffolderModuleDataMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'data-mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        engine: policyEngineServiceRef,
      },
      async init({ scaffolder, config, logger, auth, catalog, engine }) {
        const settings = readScaffolderDataMeshConfig(config);
        if (settings.publishTarget === 'local' && !settings.localDirectory) {
          // One line at start; the actions are still added, and the template's first step
          // refuses to run with this same reason until the folder is set.
          logger.warn(
            `The data-product template cannot publish: ${LOCAL_PUBLISH_DIRECTORY_MISSING.replace(
              /^publishing: /,
              '',
            )}`,
          );
        }
        scaffolder.addActions(
          createDataProductPrecheckAction({ catalog, auth, config: settings }),
          createGovernanceCheckAction({ catalog, auth, engine }),
          createPublishLocalAction({ catalog, auth, config: settings }),
        );
      },
    });
  },
});
