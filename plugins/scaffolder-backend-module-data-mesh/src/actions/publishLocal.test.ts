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
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import {
  apiEntity,
  catalogFile,
  meshEntities,
  productEntity,
  testConfig,
} from '../__testUtils__/fixtures';
import { createPublishLocalAction } from './publishLocal';

function remoteError(name: string, message: string) {
  // What the catalog client throws for an error response: a ResponseError with the remote
  // error as its cause.
  const error = new Error(message);
  error.name = 'ResponseError';
  const cause = new Error(message);
  cause.name = name;
  (error as any).cause = cause;
  return error;
}

describe('meshwork:publish:local', () => {
  const workspace = createMockDirectory();
  const publishDir = createMockDirectory();
  const catalog = catalogServiceMock({ entities: meshEntities });
  const addLocation = vi.fn();
  catalog.addLocation = addLocation;
  const getEntityByRef = vi.spyOn(catalog, 'getEntityByRef');

  const product = catalogFile(productEntity(), apiEntity());
  const files = {
    'catalog-info.yaml': product,
    'README.md': '# Customer orders\n',
    pipeline: { 'job.py': 'print("hi")\n' },
    '.git': { HEAD: 'ref: refs/heads/elsewhere\n' },
  };

  const action = (overrides = {}) =>
    createPublishLocalAction({
      catalog,
      auth: mockServices.auth(),
      config: testConfig({ localDirectory: publishDir.path, ...overrides }),
    });

  async function publish(
    input: Record<string, unknown>,
    taskId = 'task-1',
    act = action(),
  ) {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      task: { id: taskId },
      logger: mockServices.logger.mock(),
    });
    await act.handler(ctx as any);
    return {
      ctx,
      outputs: Object.fromEntries(
        (ctx.output as any).mock.calls as [string, unknown][],
      ),
    };
  }

  beforeEach(() => {
    workspace.setContent(files);
    publishDir.clear();
    addLocation.mockReset();
    addLocation.mockResolvedValue({ location: {}, entities: [] });
    getEntityByRef.mockClear();
  });

  it('publishes the workspace as a git repository and registers its catalog file', async () => {
    fs.symlinkSync('/etc/passwd', workspace.resolve('passwd'));
    const { ctx, outputs } = await publish({ name: 'customer-orders' });
    const repo = publishDir.resolve('customer-orders');

    expect(outputs).toEqual({
      repoPath: repo,
      catalogInfoPath: path.join(repo, 'catalog-info.yaml'),
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      entityRef: 'dataproduct:default/customer-orders',
      inCatalog: false,
    });
    expect(fs.readdirSync(publishDir.path)).toEqual(['customer-orders']);
    expect(fs.readdirSync(repo).sort()).toEqual([
      '.git',
      'README.md',
      'catalog-info.yaml',
      'pipeline',
    ]);
    expect(fs.readFileSync(path.join(repo, 'catalog-info.yaml'), 'utf8')).toBe(
      product,
    );
    expect(
      fs.readFileSync(
        path.join(repo, '.git', 'meshwork-scaffolder-task'),
        'utf8',
      ),
    ).toBe('task-1\n');
    // The workspace's own .git and the symbolic link were left out.
    expect(fs.existsSync(path.join(repo, 'passwd'))).toBe(false);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'Skipped the symbolic link passwd',
    );

    const log = await git.log({ fs, dir: repo });
    expect(log).toHaveLength(1);
    expect(log[0].oid).toBe(outputs.commitHash);
    expect(log[0].commit.author.name).toBe('Scaffolder');
    expect(await git.currentBranch({ fs, dir: repo })).toBe('main');
    expect((await git.listFiles({ fs, dir: repo })).sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'pipeline/job.py',
    ]);

    expect(addLocation).toHaveBeenCalledWith(
      {
        type: 'meshwork-local',
        target: path.join(repo, 'catalog-info.yaml'),
      },
      { credentials: expect.anything() },
    );
  });

  it('is safe to run again in the same task, and refuses a folder another task published', async () => {
    const first = await publish({ name: 'customer-orders' });
    addLocation.mockRejectedValue(
      remoteError('ConflictError', 'Location already exists'),
    );
    const again = await publish({ name: 'customer-orders' });
    expect(again.outputs.commitHash).toBe(first.outputs.commitHash);

    const before = publishDir.content();
    await expect(
      publish({ name: 'customer-orders' }, 'task-2'),
    ).rejects.toThrow(
      /customer-orders already exists and was not published by this task; nothing was written/,
    );
    expect(publishDir.content()).toEqual(before);
  });

  it('refuses bad input before anything is written', async () => {
    await expect(publish({ name: '../escape' })).rejects.toThrow(
      /name must be lowercase letters/,
    );
    await expect(
      publish({ name: 'customer-orders', sourcePath: '../..' }),
    ).rejects.toThrow(/sourcePath must be a folder inside the workspace/);
    await expect(
      publish({ name: 'customer-orders', catalogInfoPath: '../x.yaml' }),
    ).rejects.toThrow(/catalogInfoPath must be a path inside the workspace/);
    await expect(
      publish({ name: 'customer-orders', catalogInfoPath: 'missing.yaml' }),
    ).rejects.toThrow(/"missing.yaml" does not exist in the workspace/);
    await expect(
      publish(
        { name: 'customer-orders' },
        'task-1',
        action({ localDirectory: undefined }),
      ),
    ).rejects.toThrow(/dataMesh.scaffolder.localPublish.directory is not set/);
    expect(publishDir.content()).toEqual({});
  });

  it('says so when the user may not register locations, and keeps nothing', async () => {
    addLocation.mockRejectedValue(remoteError('NotAllowedError', 'denied'));
    await expect(publish({ name: 'customer-orders' })).rejects.toThrow(
      /You may not register locations in the catalog, so dataproduct:default\/customer-orders was not registered and nothing was kept \(denied\)/,
    );
    expect(fs.readdirSync(publishDir.path)).toEqual([]);
  });

  it('says what to install when the catalog does not accept the location type, and keeps nothing', async () => {
    addLocation.mockRejectedValue(
      remoteError(
        'InputError',
        'Registered locations must be of an allowed type ["url"]',
      ),
    );
    await expect(publish({ name: 'customer-orders' })).rejects.toThrow(
      /The catalog does not accept meshwork-local locations: add backend.add\(import\('@meshwork\/plugin-catalog-backend-module-data-mesh-local-publish'\)\) to the backend. Nothing was kept in .*Registered locations must be of an allowed type/,
    );
    // Nothing half-written: the same name publishes once the catalog accepts it.
    expect(fs.readdirSync(publishDir.path)).toEqual([]);
    addLocation.mockReset();
    const { outputs } = await publish({ name: 'customer-orders' });
    expect(outputs.repoPath).toBe(publishDir.resolve('customer-orders'));
  });

  it('waits until the product is in the catalog', async () => {
    let calls = 0;
    getEntityByRef.mockImplementation(async () =>
      ++calls >= 2 ? productEntity() : undefined,
    );
    const { outputs } = await publish({
      name: 'customer-orders',
      waitForEntitySeconds: 5,
    });
    expect(outputs.inCatalog).toBe(true);
    expect(getEntityByRef).toHaveBeenCalledWith(
      'dataproduct:default/customer-orders',
      expect.anything(),
    );
    getEntityByRef.mockRestore();
  });
});
