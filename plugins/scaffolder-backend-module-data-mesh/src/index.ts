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

/**
 * The scaffolder module of Meshwork's paved road (the default export) and its template
 * actions: the pre-check of a new data product's answers (`meshwork:dataproduct:precheck`),
 * the governance gate (`meshwork:governance:check`) and the local publisher of the embedded
 * default (`meshwork:publish:local`). The factories let a backend add the actions to a
 * scaffolder of its own making; the settings they take are read from app-config by
 * `readScaffolderDataMeshConfig`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleDataMesh as default } from './module';
export {
  createDataProductPrecheckAction,
  PRECHECK_ACTION_ID,
} from './actions/precheck';
export {
  createGovernanceCheckAction,
  GOVERNANCE_CHECK_ACTION_ID,
} from './actions/governanceCheck';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './actions/publishLocal';
export { readScaffolderDataMeshConfig } from './lib/config';
export type { PublishTarget, ScaffolderDataMeshConfig } from './lib/config';
