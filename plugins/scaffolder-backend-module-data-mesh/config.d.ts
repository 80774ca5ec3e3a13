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

import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Meshwork: the data mesh suite. */
  dataMesh?: {
    /**
     * The paved road: the scaffolder actions of
     * `@meshwork/plugin-scaffolder-backend-module-data-mesh` and the `data-product` template.
     */
    scaffolder?: {
      /** Where new product repositories go. */
      publish?: {
        /**
         * `local` (the default): the `meshwork:publish:local` step writes the repository into
         * `dataMesh.scaffolder.localPublish.directory` as a git repository and registers it in
         * the catalog, with no outside services. `external`: the template's git host steps run
         * instead (`publish:github` then `catalog:register`), using the repository URL built
         * from `external.host` and `external.owner`.
         */
        target?: 'local' | 'external';
        /** The git host used when `target` is `external`. */
        external?: {
          /** The host of an integration in `integrations`, e.g. `github.com`. */
          host: string;
          /** The organisation or user that owns the new repositories, e.g. `shopco-data`. */
          owner: string;
        };
      };
      /** The local publisher (`meshwork:publish:local`), the embedded default. */
      localPublish?: {
        /**
         * The folder that receives one git repository per new data product, as
         * `<directory>/<product name>`. A relative path is resolved against the backend's
         * working directory. Required while `publish.target` is `local`. The catalog module
         * `@meshwork/plugin-catalog-backend-module-data-mesh-local-publish` reads catalog files
         * from this folder only.
         */
        directory?: string;
        /**
         * How long `meshwork:publish:local` waits for the new product to appear in the
         * catalog before it finishes: `'60s'`, ISO 8601 (`PT1M`) or `{ seconds: 60 }`.
         * 0 does not wait. Default 60 seconds.
         */
        waitForEntity?: HumanDuration | string;
        /**
         * The same wait as a number of seconds.
         *
         * @deprecated Use `waitForEntity`, e.g. `'60s'`.
         */
        waitForEntitySeconds?: number;
      };
      /**
       * The base URL product pipelines and CI use to reach the portal's backend (OpenLineage
       * events, `POST /api/data-mesh/evaluate`). Default: `backend.baseUrl`.
       */
      portalBaseUrl?: string;
    };
  };
}
