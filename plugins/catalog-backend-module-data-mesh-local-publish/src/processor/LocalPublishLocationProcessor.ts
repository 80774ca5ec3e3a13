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

import fsp from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type CatalogProcessorParser,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import { LOCAL_PUBLISH_LOCATION_TYPE } from '@meshwork/plugin-data-mesh-node';

/** The largest catalog file read: a product's catalog file is a few KiB. */
const MAX_CATALOG_FILE_BYTES = 1024 * 1024;

/**
 * Reads the catalog files of product repositories published by `meshwork:publish:local`:
 * locations of type `meshwork-local` whose target is an absolute path to a regular file
 * inside `dataMesh.scaffolder.localPublish.directory`. Nothing else on the server can be read
 * through this location type: paths outside the folder (including through symbolic links),
 * globs, folders and links are refused with an error on the location.
 */
export class LocalPublishLocationProcessor implements CatalogProcessor {
  readonly #directory?: string;

  constructor(options: { directory?: string }) {
    this.#directory = options.directory;
  }

  getProcessorName(): string {
    return 'MeshworkLocalPublishLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== LOCAL_PUBLISH_LOCATION_TYPE) {
      return false;
    }
    const directory = this.#directory;
    if (!directory) {
      emit(
        processingResult.generalError(
          location,
          `${location.type} locations need dataMesh.scaffolder.localPublish.directory to be set`,
        ),
      );
      return true;
    }
    const target = location.target;
    let file: string;
    try {
      if (!path.isAbsolute(target) || /[*?[\]{}]/.test(target)) {
        throw new Error('not an absolute path');
      }
      file = resolveSafeChildPath(directory, path.relative(directory, target));
      if (file === path.resolve(directory)) throw new Error('the folder');
    } catch {
      emit(
        processingResult.inputError(
          location,
          `${location.type} ${target} must be the absolute path of a file inside the local publish folder ${directory}`,
        ),
      );
      return true;
    }

    let stat;
    try {
      stat = await fsp.lstat(file);
    } catch {
      if (!optional) {
        emit(
          processingResult.notFoundError(
            location,
            `${location.type} ${target} does not exist`,
          ),
        );
      }
      return true;
    }
    if (!stat.isFile() || stat.size > MAX_CATALOG_FILE_BYTES) {
      emit(
        processingResult.inputError(
          location,
          `${
            location.type
          } ${target} must be a regular file (not a folder or a symbolic link) of at most ${
            MAX_CATALOG_FILE_BYTES / 1024
          } KiB`,
        ),
      );
      return true;
    }

    try {
      const data = await fsp.readFile(file);
      for await (const result of parser({
        data,
        location: { type: LOCAL_PUBLISH_LOCATION_TYPE, target: file },
      })) {
        emit(result);
      }
      emit(processingResult.refresh(`${LOCAL_PUBLISH_LOCATION_TYPE}:${file}`));
    } catch (e) {
      emit(
        processingResult.generalError(
          location,
          `${location.type} ${target} could not be read, ${e}`,
        ),
      );
    }
    return true;
  }
}
