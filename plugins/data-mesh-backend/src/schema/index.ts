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

import type express from 'express';
import { createOpenApiRouter } from './openapi';

export { spec } from './openapi';

/**
 * The plugin's HTTP router, validated by src/schema/openapi.yaml: a request the spec
 * forbids (path, query, content type, body) is refused with a 400 that names the field.
 */
export type DataMeshApiRouter = express.Router;

/**
 * Creates the validated router. Handlers are typed by the API types of
 * `@meshwork/plugin-data-mesh-common`, not by the spec's inferred types: inferring them
 * from this spec exceeds TypeScript's instantiation depth.
 */
export async function createApiRouter(
  options?: Parameters<typeof createOpenApiRouter>[0],
): Promise<DataMeshApiRouter> {
  return createOpenApiRouter(options);
}
