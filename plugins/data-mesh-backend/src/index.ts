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
 * The data-mesh backend plugin of Meshwork: federated computational governance for data
 * products (policy evaluation on a schedule, stored results and history, roll-ups per
 * domain and mesh, draft evaluation for CI), served at `/api/data-mesh`.
 *
 * Install with `backend.add(import('@meshwork/plugin-data-mesh-backend'))`.
 *
 * @packageDocumentation
 */

export { dataMeshPlugin as default } from './plugin';
