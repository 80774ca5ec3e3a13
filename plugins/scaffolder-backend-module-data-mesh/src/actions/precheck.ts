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
import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  DEFAULT_NAMESPACE,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DATA_PRODUCT_KIND } from '@meshwork/plugin-data-mesh-common';
import { LOCAL_PUBLISH_LOCATION_TYPE } from '@meshwork/plugin-data-mesh-node';
import type { ScaffolderDataMeshConfig } from '../lib/config';
import { findUnsafeValues, productNameProblem } from '../lib/inputSafety';
import { repositoryOwnership } from '../lib/localRepository';
import { examples } from './precheck.examples';

/**
 * The id of the pre-check action.
 *
 * @public
 */
export const PRECHECK_ACTION_ID = 'meshwork:dataproduct:precheck';

const validators = makeValidator();

/**
 * The name of the API entity that documents a product's output port: `<name>-api`, shortened
 * to stay within the catalog's 63 characters.
 */
export function apiEntityName(productName: string): string {
  const base =
    productName.length > 59
      ? productName.slice(0, 59).replace(/-+$/, '')
      : productName;
  return `${base}-api`;
}

/** `customer-orders` -> `customer_orders`: the name in code, tables and file names. */
export function moduleName(productName: string): string {
  return productName.replace(/-/g, '_');
}

type RefCheck = { field: string; value: string; defaultKind: string };

/** Why the local publisher cannot work without its folder, and the two fixes. */
export const LOCAL_PUBLISH_DIRECTORY_MISSING =
  'publishing: dataMesh.scaffolder.localPublish.directory is not set, so the new repository has nowhere to go; set it to a folder the backend may write to, or set dataMesh.scaffolder.publish.target to external to publish to a git host';

/** The catalog module that reads what the local publisher writes. */
export const LOCAL_PUBLISH_CATALOG_MODULE =
  '@meshwork/plugin-catalog-backend-module-data-mesh-local-publish';

/**
 * Asks the catalog, in a dry run that stores nothing, whether it would accept the
 * location the local publisher registers. A catalog without the local-publish module
 * refuses the location type; any other answer (the file does not exist yet) means it
 * would read it.
 */
async function localPublishProblem(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  repoPath: string,
): Promise<string | undefined> {
  try {
    await catalog.addLocation(
      {
        type: LOCAL_PUBLISH_LOCATION_TYPE,
        target: path.join(repoPath, 'catalog-info.yaml'),
        dryRun: true,
      },
      { credentials },
    );
  } catch (e) {
    // An error response from the catalog carries the catalog's own error as its cause.
    const cause = isError(e) ? (e as { cause?: unknown }).cause : undefined;
    let message = isError(e) ? e.message : String(e);
    if (isError(cause)) message = cause.message;
    if (/allowed type/.test(message)) {
      return `publishing: the catalog does not accept ${LOCAL_PUBLISH_LOCATION_TYPE} locations, so the new product could not be registered; add backend.add(import('${LOCAL_PUBLISH_CATALOG_MODULE}')) to the backend, or set dataMesh.scaffolder.publish.target to external`;
    }
    if (/localPublish\.directory/.test(message)) {
      return `publishing: the catalog's local-publish module has no dataMesh.scaffolder.localPublish.directory (${message})`;
    }
  }
  return undefined;
}

/**
 * Creates the `meshwork:dataproduct:precheck` action: the first step of the data-product
 * template. Before anything is rendered or written it refuses answers that could escape the
 * workspace or inject into rendered files, a product name already taken in the catalog (or in
 * the local publish folder), and references to a domain, owner or inputs that are not in the
 * catalog. It outputs what later steps need: the product's entity ref, the API entity's name,
 * the OpenLineage names, the portal URL and the publish target from config.
 *
 * @public
 */
export function createDataProductPrecheckAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  config: ScaffolderDataMeshConfig;
}) {
  const { catalog, auth, config } = options;

  return createTemplateAction({
    id: PRECHECK_ACTION_ID,
    description:
      'Checks the answers of the data-product template before anything is written: refuses unsafe values, a name already in the catalog and references to entities that do not exist; outputs the names and settings later steps use.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The new product name: lowercase words joined by dashes, at most 63 characters',
          }),
        namespace: z =>
          z
            .string({
              description:
                'The catalog namespace of the product. Default: default',
            })
            .optional(),
        domain: z =>
          z
            .string({
              description:
                'The Domain the product belongs to (entity ref); it must be in the catalog',
            })
            .optional(),
        owner: z =>
          z
            .string({
              description:
                'The owning Group or User (entity ref); it must be in the catalog',
            })
            .optional(),
        dependencies: z =>
          z
            .array(z.string(), {
              description:
                'Entity refs of the input data products and sources; each must be in the catalog',
            })
            .optional(),
        values: z =>
          z
            .record(z.unknown(), {
              description:
                'All the answers (usually `${{ parameters }}`), checked for values that could escape the workspace or inject into rendered files',
            })
            .optional(),
        multilineFields: z =>
          z
            .array(z.string(), {
              description:
                'Names of the answers that may span several lines. Default: [description]',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The ref the new product will have' }),
        apiName: z =>
          z.string({
            description: 'The name for the API entity of its output port',
          }),
        publishTarget: z =>
          z.enum(['local', 'external'], {
            description:
              'dataMesh.scaffolder.publish.target: which publish steps of the template run',
          }),
        repoUrl: z =>
          z
            .string({
              description:
                'For the external target: the repository URL for publish:* (host?owner=...&repo=...)',
            })
            .optional(),
        portalBaseUrl: z =>
          z.string({
            description:
              'The portal backend URL the product pipelines and CI report to',
          }),
        openlineageNamespace: z =>
          z.string({ description: 'The OpenLineage namespace of the product' }),
        openlineageJob: z =>
          z.string({
            description: 'The OpenLineage job name of its main pipeline',
          }),
        moduleName: z =>
          z.string({
            description:
              'The product name with underscores, for code, tables and file names',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const problems: string[] = [];

      const nameProblem = productNameProblem(input.name);
      if (nameProblem) problems.push(nameProblem);
      const namespace = input.namespace ?? DEFAULT_NAMESPACE;
      if (!validators.isValidNamespace(namespace)) {
        problems.push(
          `namespace must be a valid catalog namespace, but found ${JSON.stringify(
            namespace,
          )}`,
        );
      }
      problems.push(
        ...findUnsafeValues(
          {
            // the name has its own, stricter check above
            namespace: input.namespace,
            domain: input.domain,
            owner: input.owner,
            dependencies: input.dependencies,
          },
          [],
        ),
        ...findUnsafeValues(
          input.values ?? {},
          input.multilineFields ?? ['description'],
        ).map(p => `values.${p}`),
      );

      // Entity refs, parsed with their default kinds.
      const refChecks: RefCheck[] = [];
      if (input.domain !== undefined) {
        refChecks.push({
          field: 'domain',
          value: input.domain,
          defaultKind: 'Domain',
        });
      }
      if (input.owner !== undefined) {
        refChecks.push({
          field: 'owner',
          value: input.owner,
          defaultKind: 'Group',
        });
      }
      (input.dependencies ?? []).forEach((value, i) =>
        refChecks.push({
          field: `dependencies[${i}]`,
          value,
          defaultKind: 'Component',
        }),
      );
      const parsedRefs: Array<RefCheck & { ref: CompoundEntityRef }> = [];
      for (const check of refChecks) {
        try {
          const ref = parseEntityRef(check.value, {
            defaultKind: check.defaultKind,
            defaultNamespace: namespace,
          });
          if (
            !validators.isValidKind(ref.kind) ||
            !validators.isValidNamespace(ref.namespace) ||
            !validators.isValidEntityName(ref.name)
          ) {
            throw new Error('invalid');
          }
          parsedRefs.push({ ...check, ref });
        } catch {
          problems.push(
            `${
              check.field
            } must be an entity reference such as ${check.defaultKind.toLocaleLowerCase(
              'en-US',
            )}:default/name, but found ${JSON.stringify(check.value)}`,
          );
        }
      }
      if (problems.length > 0) {
        throw new InputError(
          `The answers cannot be used; nothing was written:\n- ${problems.join(
            '\n- ',
          )}`,
        );
      }

      const name = input.name;
      const entityRef = stringifyEntityRef({
        kind: DATA_PRODUCT_KIND,
        namespace,
        name,
      });
      const apiName = apiEntityName(name);
      const apiRef = stringifyEntityRef({
        kind: 'API',
        namespace,
        name: apiName,
      });

      // Existence checks see the whole catalog: a name is taken even if the user cannot read
      // the entity that has it.
      const credentials = await auth.getOwnServiceCredentials();
      const repoPath =
        config.publishTarget === 'local' && config.localDirectory
          ? path.join(config.localDirectory, name)
          : undefined;
      const ownership = repoPath
        ? await repositoryOwnership(repoPath)
        : { exists: false as const };
      const retryOfThisTask =
        ownership.exists && ownership.taskId === ctx.task.id;
      const isOurs = (annotations?: Record<string, string>) =>
        retryOfThisTask &&
        repoPath !== undefined &&
        annotations?.[ANNOTATION_LOCATION] ===
          `${LOCAL_PUBLISH_LOCATION_TYPE}:${path.join(
            repoPath,
            'catalog-info.yaml',
          )}`;

      const [existingProduct, existingApi, ...referenced] = await Promise.all([
        catalog.getEntityByRef(entityRef, { credentials }),
        catalog.getEntityByRef(apiRef, { credentials }),
        ...parsedRefs.map(r => catalog.getEntityByRef(r.ref, { credentials })),
      ]);

      if (existingProduct && !isOurs(existingProduct.metadata.annotations)) {
        problems.push(
          `name: ${entityRef} already exists in the catalog; choose another name`,
        );
      }
      if (existingApi && !isOurs(existingApi.metadata.annotations)) {
        problems.push(
          `name: the API entity ${apiRef} for the output port already exists in the catalog; choose another name`,
        );
      }
      if (ownership.exists && !retryOfThisTask) {
        problems.push(
          `name: a product repository named ${name} already exists in the local publish folder (${repoPath}); choose another name, or remove that folder if it is left over from a run that did not finish`,
        );
      }
      parsedRefs.forEach((r, i) => {
        if (!referenced[i]) {
          problems.push(
            `${r.field}: ${stringifyEntityRef(r.ref)} is not in the catalog`,
          );
        }
      });
      // Publishing must be able to succeed before anything is rendered.
      if (config.publishTarget === 'local') {
        const publishProblem = repoPath
          ? await localPublishProblem(catalog, credentials, repoPath)
          : LOCAL_PUBLISH_DIRECTORY_MISSING;
        if (publishProblem) problems.push(publishProblem);
      }
      if (problems.length > 0) {
        throw new InputError(
          `The data product ${entityRef} cannot be created; nothing was written:\n- ${problems.join(
            '\n- ',
          )}`,
        );
      }
      if (retryOfThisTask) {
        ctx.logger.info(
          `Resuming: ${repoPath} was published by this task in an earlier attempt`,
        );
      }

      const domainRef = parsedRefs.find(r => r.field === 'domain')?.ref;
      ctx.logger.info(
        `The answers for ${entityRef} are safe to use, and the name is free`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('apiName', apiName);
      ctx.output('publishTarget', config.publishTarget);
      if (config.publishTarget === 'external' && config.external) {
        ctx.output(
          'repoUrl',
          `${config.external.host}?owner=${encodeURIComponent(
            config.external.owner,
          )}&repo=${encodeURIComponent(name)}`,
        );
      }
      ctx.output('portalBaseUrl', config.portalBaseUrl);
      ctx.output(
        'openlineageNamespace',
        domainRef ? domainRef.name : namespace,
      );
      ctx.output('openlineageJob', `${moduleName(name)}.build`);
      ctx.output('moduleName', moduleName(name));
    },
  });
}
