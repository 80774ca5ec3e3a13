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
import { InputError } from '@backstage/errors';

/**
 * Where the data-product template publishes new product repositories.
 *
 * @public
 */
export type PublishTarget = 'local' | 'external';

/**
 * The paved road's settings, read from `dataMesh.scaffolder`.
 *
 * @public
 */
export interface ScaffolderDataMeshConfig {
  /** `dataMesh.scaffolder.publish.target`, default `local`. */
  publishTarget: PublishTarget;
  /** `dataMesh.scaffolder.publish.external`, when set. */
  external?: { host: string; owner: string };
  /** `dataMesh.scaffolder.localPublish.directory`, resolved to an absolute path. */
  localDirectory?: string;
  /** `dataMesh.scaffolder.localPublish.waitForEntitySeconds`, default 60. */
  waitForEntitySeconds: number;
  /** `dataMesh.scaffolder.portalBaseUrl`, else `backend.baseUrl`, without a trailing slash. */
  portalBaseUrl: string;
  /** `scaffolder.defaultAuthor`, the author of the first commit. */
  gitAuthor: { name: string; email: string };
}

/**
 * The catalog location type of product repositories published by `meshwork:publish:local`.
 *
 * @public
 */
export const LOCAL_PUBLISH_LOCATION_TYPE = 'meshwork-local';

/**
 * `dataMesh.scaffolder.localPublish.directory`, resolved against the working directory.
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

// A host or owner goes into a repoUrl query string: keep it to the characters hosts and
// organisations use.
const HOST = /^[A-Za-z0-9.-]+(:\d+)?$/;
const OWNER = /^[A-Za-z0-9_.-]+$/;

/**
 * Reads the settings; an invalid value throws, naming the key.
 *
 * @public
 */
export function readScaffolderDataMeshConfig(
  config: RootConfigService,
): ScaffolderDataMeshConfig {
  const target =
    config.getOptionalString('dataMesh.scaffolder.publish.target') ?? 'local';
  if (target !== 'local' && target !== 'external') {
    throw new InputError(
      `dataMesh.scaffolder.publish.target must be 'local' or 'external', got '${target}'`,
    );
  }

  let external: ScaffolderDataMeshConfig['external'];
  const externalConfig = config.getOptionalConfig(
    'dataMesh.scaffolder.publish.external',
  );
  if (externalConfig) {
    const host = externalConfig.getString('host');
    const owner = externalConfig.getString('owner');
    if (!HOST.test(host)) {
      throw new InputError(
        `dataMesh.scaffolder.publish.external.host must be a host name such as github.com, got '${host}'`,
      );
    }
    if (!OWNER.test(owner)) {
      throw new InputError(
        `dataMesh.scaffolder.publish.external.owner must be an organisation or user name, got '${owner}'`,
      );
    }
    external = { host, owner };
  }
  if (target === 'external' && !external) {
    throw new InputError(
      'dataMesh.scaffolder.publish.external (host and owner) is required when dataMesh.scaffolder.publish.target is external',
    );
  }

  const waitForEntitySeconds =
    config.getOptionalNumber(
      'dataMesh.scaffolder.localPublish.waitForEntitySeconds',
    ) ?? 60;
  if (!(waitForEntitySeconds >= 0) || !Number.isFinite(waitForEntitySeconds)) {
    throw new InputError(
      'dataMesh.scaffolder.localPublish.waitForEntitySeconds must be a number of seconds, 0 or more',
    );
  }

  const portalBaseUrl = (
    config.getOptionalString('dataMesh.scaffolder.portalBaseUrl') ??
    config.getOptionalString('backend.baseUrl') ??
    'http://localhost:7007'
  ).replace(/\/+$/, '');
  // It is written into generated files (shell scripts, YAML, Python): a plain URL only.
  if (
    !/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/.test(
      portalBaseUrl,
    )
  ) {
    throw new InputError(
      `dataMesh.scaffolder.portalBaseUrl must be an http(s) URL, got '${portalBaseUrl}'`,
    );
  }

  return {
    publishTarget: target,
    external,
    localDirectory: readLocalPublishDirectory(config),
    waitForEntitySeconds,
    portalBaseUrl,
    gitAuthor: {
      name:
        config.getOptionalString('scaffolder.defaultAuthor.name') ??
        'Scaffolder',
      email:
        config.getOptionalString('scaffolder.defaultAuthor.email') ??
        'scaffolder@backstage.io',
    },
  };
}
