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

import type { RootConfigService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { readLocalPublishDirectory } from '@meshwork/plugin-data-mesh-node';

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
  /**
   * `dataMesh.scaffolder.localPublish.waitForEntity` (or the deprecated `waitForEntitySeconds`)
   * in seconds, default 60.
   */
  waitForEntitySeconds: number;
  /** `dataMesh.scaffolder.portalBaseUrl`, else `backend.baseUrl`, without a trailing slash. */
  portalBaseUrl: string;
  /** `scaffolder.defaultAuthor`, the author of the first commit. */
  gitAuthor: { name: string; email: string };
}

// A host or owner goes into a repoUrl query string: keep it to the characters hosts and
// organisations use.
const HOST = /^[A-Za-z0-9.-]+(:\d+)?$/;
const OWNER = /^[A-Za-z0-9_.-]+$/;

const WAIT_KEY = 'dataMesh.scaffolder.localPublish.waitForEntity';
const DEPRECATED_WAIT_KEY =
  'dataMesh.scaffolder.localPublish.waitForEntitySeconds';

/** How long the publisher waits for the catalog, in seconds; default 60. */
function readWaitForEntitySeconds(config: RootConfigService): number {
  let seconds: number;
  if (config.has(WAIT_KEY)) {
    // Names the key and what was wrong when the value is not a duration.
    seconds =
      durationToMilliseconds(
        readDurationFromConfig(config, { key: WAIT_KEY }),
      ) / 1000;
  } else {
    seconds = config.getOptionalNumber(DEPRECATED_WAIT_KEY) ?? 60;
  }
  if (!(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new InputError(
      `${
        config.has(WAIT_KEY) ? WAIT_KEY : DEPRECATED_WAIT_KEY
      } must be a duration of 0 or more`,
    );
  }
  return seconds;
}

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

  const waitForEntitySeconds = readWaitForEntitySeconds(config);

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
