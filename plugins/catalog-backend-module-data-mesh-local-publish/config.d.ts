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

export interface Config {
  /** Meshwork: the data mesh suite. */
  dataMesh?: {
    scaffolder?: {
      /** The local publisher of the embedded default. */
      localPublish?: {
        /**
         * The folder that holds the product repositories published by
         * `meshwork:publish:local`, one per product. The `meshwork-local` location type reads
         * catalog files inside this folder only; without it such locations are refused with
         * an error. A relative path is resolved against the backend's working directory.
         */
        directory?: string;
      };
    };
  };
}
