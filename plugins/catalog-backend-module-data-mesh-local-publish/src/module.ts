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
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  LOCAL_PUBLISH_LOCATION_TYPE,
  readLocalPublishDirectory,
} from '@meshwork/plugin-data-mesh-node';
import { LocalPublishLocationProcessor } from './processor/LocalPublishLocationProcessor';

/**
 * A catalog module that lets the catalog read the product repositories published by the
 * scaffolder's `meshwork:publish:local`: it adds the `meshwork-local` location type (allowed
 * for registration next to `url`) and the processor that reads it, from
 * `dataMesh.scaffolder.localPublish.directory` only.
 *
 * Note: the catalog keeps one list of location types allowed for registration; this module
 * sets it to `url` and `meshwork-local`. If another module also sets the list, include
 * `meshwork-local` in it.
 *
 * @public
 */
export const catalogModuleDataMeshLocalPublish = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'data-mesh-local-publish',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, locations, processing }) {
        locations.setAllowedLocationTypes(['url', LOCAL_PUBLISH_LOCATION_TYPE]);
        processing.addProcessor(
          new LocalPublishLocationProcessor({
            directory: readLocalPublishDirectory(config),
          }),
        );
      },
    });
  },
});
