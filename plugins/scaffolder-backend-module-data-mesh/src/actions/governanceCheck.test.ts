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

import fs from 'node:fs';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPolicyEngine } from '@meshwork/plugin-data-mesh-node';
import {
  apiEntity,
  catalogFile,
  meshEntities,
  productEntity,
} from '../__testUtils__/fixtures';
import { createGovernanceCheckAction } from './governanceCheck';

describe('meshwork:governance:check', () => {
  const workspace = createMockDirectory();
  const action = createGovernanceCheckAction({
    catalog: catalogServiceMock({ entities: meshEntities }),
    auth: mockServices.auth(),
    engine: createPolicyEngine({
      config: {
        global: [
          {
            id: 'tags-present',
            title: 'Tags present',
            severity: 'recommended',
            rule: 'has(entity.metadata.tags) && size(entity.metadata.tags) > 0',
            message: 'The product has no tags.',
            remediation: 'Add metadata.tags.',
          },
        ],
      },
    }),
  });

  beforeEach(() => workspace.clear());

  async function check(files: Record<string, string>, input = {}) {
    workspace.setContent(files);
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
      logger,
    });
    const outputs = () =>
      Object.fromEntries((ctx.output as any).mock.calls as [string, any][]);
    try {
      await action.handler(ctx as any);
      return { logger, outputs: outputs() };
    } catch (error) {
      return { logger, outputs: outputs(), error: error as Error };
    }
  }

  it('passes a compliant product, logging recommended policies it misses as warnings', async () => {
    const { logger, outputs, error } = await check({
      'catalog-info.yaml': catalogFile(productEntity(), apiEntity()),
    });
    expect(error).toBeUndefined();
    expect(outputs.entityRef).toBe('dataproduct:default/customer-orders');
    expect(outputs.passed).toBe(true);
    expect(outputs.status).toBe('warning');
    expect(outputs.warnings).toEqual([
      '[recommended] tags-present (global): The product has no tags. Fix: Add metadata.tags.',
    ]);
    // The domain's own policy was evaluated: it was fetched from the catalog.
    expect(
      outputs.evaluation.results.map((r: any) => `${r.policyId} ${r.status}`),
    ).toContain('customer-description passed');
    expect(logger.warn).toHaveBeenCalledWith(
      'warning: [recommended] tags-present (global): The product has no tags. Fix: Add metadata.tags.',
    );
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('fails on a required policy, listing each violation with its remediation', async () => {
    const { logger, outputs, error } = await check({
      'catalog-info.yaml': catalogFile(
        productEntity({
          description: 'Short',
          spec: {
            classification: 'confidential',
            infrastructure: { security: { encryptionAtRest: false } },
            inputPorts: [],
          },
        }),
      ),
    });
    expect(outputs.passed).toBe(false);
    expect(outputs.status).toBe('failing');
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /^dataproduct:default\/customer-orders breaks 3 required policies; nothing was published\. Change the answers and run the template again:\n- \[required\]/,
    );
    expect(error?.message).toContain(
      '- [required] encryption-at-rest (builtin): The product holds confidential or restricted data but does not declare encryption at rest. Fix: Enable encryption',
    );
    expect(error?.message).toContain('- [required] data-lineage (builtin)');
    // Each violation is also a line of the task log.
    expect(logger.error).toHaveBeenCalledTimes(3);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/^violation: \[required\] encryption-at-rest/),
    );
    expect(error?.message).toContain(
      '- [required] customer-description (domain:default/customer): The product has no useful description Fix: Write a description of at least a sentence',
    );
  });

  it('names the field when the rendered product is not a valid DataProduct', async () => {
    const bad = productEntity({ spec: { classification: 'secret' } });
    const { error } = await check({ 'catalog-info.yaml': catalogFile(bad) });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      './catalog-info.yaml: dataproduct:default/customer-orders: spec.classification must be one of public, internal, confidential, restricted, but found "secret"',
    );

    const { error: envelope } = await check({
      'catalog-info.yaml': catalogFile(productEntity({ name: 'Bad Name!' })),
    });
    expect(envelope?.message).toMatch(
      /document 1: .*"metadata.name" is not valid/,
    );

    const { error: none } = await check({
      'catalog-info.yaml': catalogFile(apiEntity()),
    });
    expect(none?.message).toBe(
      './catalog-info.yaml must hold exactly one DataProduct entity, but holds 0',
    );

    const { error: yamlError } = await check({
      'catalog-info.yaml': 'kind: [unclosed',
    });
    expect(yamlError?.message).toMatch(/document 1 is not valid YAML/);
  });

  it('reads only regular files inside the workspace', async () => {
    const { error: outside } = await check(
      { 'catalog-info.yaml': catalogFile(productEntity()) },
      { path: '../../etc/passwd' },
    );
    expect(outside?.message).toBe(
      'path must be a path inside the workspace, but "../../etc/passwd" points outside it',
    );

    const secret = createMockDirectory();
    secret.setContent({ 'secret.yaml': catalogFile(productEntity()) });
    workspace.setContent({});
    fs.symlinkSync(
      secret.resolve('secret.yaml'),
      workspace.resolve('catalog-info.yaml'),
    );
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /points outside it|must be a regular file/,
    );

    const { error: missing } = await check({});
    expect(missing?.message).toBe(
      'path: "./catalog-info.yaml" does not exist in the workspace',
    );
  });
});
