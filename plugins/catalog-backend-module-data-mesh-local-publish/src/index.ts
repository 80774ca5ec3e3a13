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
 * A catalog module for Meshwork's embedded default: the `meshwork-local` location type,
 * through which the catalog reads the product repositories that the scaffolder's
 * `meshwork:publish:local` writes, from the local publish folder only.
 *
 * @packageDocumentation
 */

export { catalogModuleDataMeshLocalPublish as default } from './module';
