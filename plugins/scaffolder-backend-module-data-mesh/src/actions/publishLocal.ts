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
import {
  resolveSafeChildPath,
  type AuthService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LOCAL_PUBLISH_LOCATION_TYPE } from '@meshwork/plugin-data-mesh-node';
import type { ScaffolderDataMeshConfig } from '../lib/config';
import { productNameProblem } from '../lib/inputSafety';
import {
  copyTree,
  headCommit,
  initRepository,
  repositoryOwnership,
} from '../lib/localRepository';
import { readProductFile } from '../lib/productFile';
import { examples } from './publishLocal.examples';

/**
 * The id of the local publish action.
 *
 * @public
 */
export const PUBLISH_LOCAL_ACTION_ID = 'meshwork:publish:local';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The error's name, or for an error response from another plugin, the remote error's. */
function errorName(e: unknown): string | undefined {
  if (!isError(e)) return undefined;
  const cause = (e as { cause?: unknown }).cause;
  return e.name === 'ResponseError' && isError(cause) ? cause.name : e.name;
}

/** The error's message, or for an error response from another plugin, the remote one's. */
function errorMessage(e: unknown): string {
  if (!isError(e)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return e.name === 'ResponseError' && isError(cause)
    ? cause.message
    : e.message;
}

/**
 * Creates the `meshwork:publish:local` action, the publisher of the embedded default: it
 * copies the rendered product repository into `<dataMesh.scaffolder.localPublish.directory>/<name>`
 * as a git repository with one commit, registers its catalog file with the catalog (location
 * type `meshwork-local`, read by this package's catalog module from that folder only), and
 * waits until the new product is in the catalog. No outside service is involved.
 *
 * Retry-safe: the repository is built in a staging folder and moved into place in one step,
 * and both the repository and the registration are checkpoints; a folder that exists and was
 * not published by this same task is never touched.
 *
 * @public
 */
export function createPublishLocalAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  config: ScaffolderDataMeshConfig;
}) {
  const { catalog, auth, config } = options;

  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes the workspace as a git repository in the local publish folder (dataMesh.scaffolder.localPublish.directory) and registers its catalog file, so the new product appears in the catalog without outside services.',
    examples,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The repository folder name, usually the product name (lowercase words joined by dashes)',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'The folder of the workspace to publish. Default: the whole workspace',
            })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'The catalog file, relative to sourcePath. Default: catalog-info.yaml',
            })
            .optional(),
        commitMessage: z =>
          z
            .string({ description: 'The message of the first commit' })
            .optional(),
        waitForEntitySeconds: z =>
          z
            .number({
              description:
                'How long to wait for the product to appear in the catalog; 0 does not wait. Default: dataMesh.scaffolder.localPublish.waitForEntitySeconds (60)',
            })
            .min(0)
            .max(600)
            .optional(),
      },
      output: {
        repoPath: z =>
          z.string({ description: 'The absolute path of the new repository' }),
        catalogInfoPath: z =>
          z.string({
            description: 'The absolute path of its registered catalog file',
          }),
        commitHash: z => z.string({ description: 'The first commit' }),
        entityRef: z =>
          z.string({ description: 'The entity ref of the new product' }),
        inCatalog: z =>
          z.boolean({
            description:
              'Whether the product was in the catalog when the action finished',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const directory = config.localDirectory;
      if (!directory) {
        throw new InputError(
          'dataMesh.scaffolder.localPublish.directory is not set: configure the folder that receives new product repositories, or set dataMesh.scaffolder.publish.target to external',
        );
      }
      const nameProblem = productNameProblem(input.name);
      if (nameProblem) throw new InputError(nameProblem);

      let source: string;
      try {
        source = resolveSafeChildPath(
          ctx.workspacePath,
          input.sourcePath ?? '.',
        );
      } catch {
        throw new InputError(
          `sourcePath must be a folder inside the workspace, but ${JSON.stringify(
            input.sourcePath,
          )} points outside it`,
        );
      }
      const catalogInfoPath = input.catalogInfoPath ?? 'catalog-info.yaml';
      // Checked before anything is written: the file is there, inside, valid.
      const product = await readProductFile(
        source,
        catalogInfoPath,
        'catalogInfoPath',
      );
      const relativeCatalogFile = path.relative(source, product.path);

      await fsp.mkdir(directory, { recursive: true });
      const repoPath = resolveSafeChildPath(directory, input.name);
      const registeredFile = path.join(repoPath, relativeCatalogFile);
      const taskId = ctx.task.id;

      const before = await repositoryOwnership(repoPath);
      if (before.exists && before.taskId !== taskId) {
        throw new ConflictError(
          `${repoPath} already exists and was not published by this task; nothing was written. Choose another name, or remove the folder if it is left over from a run that did not finish.`,
        );
      }

      const { commitHash } = await ctx.checkpoint({
        key: `repository.${input.name}`,
        fn: async () => {
          const existing = await repositoryOwnership(repoPath);
          if (existing.exists) {
            if (existing.taskId === taskId) {
              ctx.logger.info(
                `${repoPath} was published by this task in an earlier attempt`,
              );
              return { commitHash: (await headCommit(repoPath)) ?? '' };
            }
            throw new ConflictError(
              `${repoPath} already exists and was not published by this task`,
            );
          }
          const staging = path.join(
            directory,
            `.staging-${input.name}-${taskId.replace(/[^A-Za-z0-9-]/g, '')}`,
          );
          await fsp.rm(staging, { recursive: true, force: true });
          try {
            const skipped = await copyTree(source, staging);
            for (const link of skipped) {
              ctx.logger.warn(`Skipped the symbolic link ${link}`);
            }
            const hash = await initRepository({
              dir: staging,
              taskId,
              message:
                input.commitMessage ??
                `Create data product ${product.entityRef} from the data-product template`,
              author: config.gitAuthor,
            });
            // One step into place: the folder appears complete or not at all.
            await fsp.rename(staging, repoPath);
            ctx.logger.info(`Published ${repoPath} (commit ${hash})`);
            return { commitHash: hash };
          } catch (e) {
            await fsp.rm(staging, { recursive: true, force: true });
            if (
              isError(e) &&
              ['EEXIST', 'ENOTEMPTY'].includes(
                (e as NodeJS.ErrnoException).code ?? '',
              )
            ) {
              throw new ConflictError(
                `${repoPath} appeared while this task was publishing; nothing was written`,
              );
            }
            throw e;
          }
        },
      });

      if (!(await repositoryOwnership(repoPath)).exists) {
        // An earlier attempt of this task removed it after its registration failed.
        throw new ConflictError(
          `${repoPath} was removed after an earlier attempt of this task could not register it; run the template again`,
        );
      }

      // A repository the catalog does not know is left over: a failed registration
      // removes what this task wrote, so the next run with the same name starts clean.
      const removeRepository = async (e: unknown) => {
        const owner = await repositoryOwnership(repoPath);
        if (owner.exists && owner.taskId === taskId) {
          await fsp.rm(repoPath, { recursive: true, force: true });
          ctx.logger.info(
            `Removed ${repoPath}, since the catalog did not register it`,
          );
        }
        return e;
      };

      await ctx.checkpoint({
        key: `register.${input.name}`,
        fn: async () => {
          const target = `${LOCAL_PUBLISH_LOCATION_TYPE}:${registeredFile}`;
          try {
            await catalog.addLocation(
              { type: LOCAL_PUBLISH_LOCATION_TYPE, target: registeredFile },
              { credentials: await ctx.getInitiatorCredentials() },
            );
            ctx.logger.info(`Registered ${target} in the catalog`);
          } catch (e) {
            if (errorName(e) === 'ConflictError') {
              ctx.logger.info(`${target} is already registered`);
            } else if (errorName(e) === 'NotAllowedError') {
              throw await removeRepository(
                new NotAllowedError(
                  `You may not register locations in the catalog, so ${
                    product.entityRef
                  } was not registered and nothing was kept (${errorMessage(
                    e,
                  )})`,
                ),
              );
            } else if (
              errorName(e) === 'InputError' &&
              /allowed type/.test(errorMessage(e))
            ) {
              throw await removeRepository(
                new InputError(
                  `The catalog does not accept ${LOCAL_PUBLISH_LOCATION_TYPE} locations: add backend.add(import('@meshwork/plugin-catalog-backend-module-data-mesh-local-publish')) to the backend. Nothing was kept in ${directory}. (${errorMessage(
                    e,
                  )})`,
                ),
              );
            } else {
              throw await removeRepository(e);
            }
          }
        },
      });

      const waitSeconds =
        input.waitForEntitySeconds ?? config.waitForEntitySeconds;
      let inCatalog = false;
      if (waitSeconds > 0) {
        const credentials = await auth.getOwnServiceCredentials();
        const deadline = Date.now() + waitSeconds * 1000;
        for (;;) {
          if (
            await catalog.getEntityByRef(product.entityRef, { credentials })
          ) {
            inCatalog = true;
            break;
          }
          if (Date.now() >= deadline || ctx.signal?.aborted) break;
          await sleep(500);
        }
        if (inCatalog) {
          ctx.logger.info(`${product.entityRef} is in the catalog`);
        } else {
          ctx.logger.warn(
            `${product.entityRef} is not in the catalog yet; it appears once the catalog has processed ${registeredFile}`,
          );
        }
      }

      ctx.output('repoPath', repoPath);
      ctx.output('catalogInfoPath', registeredFile);
      ctx.output('commitHash', commitHash);
      ctx.output('entityRef', product.entityRef);
      ctx.output('inCatalog', inCatalog);
    },
  });
}
