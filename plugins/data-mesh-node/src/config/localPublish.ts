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
import type { RootConfigService } from '@backstage/backend-plugin-api';

// The scaffolder module writes product repositories where the local-publish catalog module
// reads them: the location type and the folder are the contract between the two.

/**
 * The catalog location type of the product repositories that the scaffolder's
 * `meshwork:publish:local` publishes and the local-publish catalog module reads.
 *
 * @public
 */
export const LOCAL_PUBLISH_LOCATION_TYPE = 'meshwork-local';

/**
 * `dataMesh.scaffolder.localPublish.directory`, resolved against the working directory; the
 * key is declared by the two modules that read it.
 *
 * @public
 */
export function readLocalPublishDirectory(
  config: RootConfigService,
): string | undefined {
  const directory = config.getOptionalString(
    'dataMesh.scaffolder.localPublish.directory',
  );
  return directory ? path.resolve(directory) : undefined;
}
