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
import fsp from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';

/**
 * The file, inside a published repository's `.git` folder (so never committed), that names
 * the scaffolder task that published it. A retry of the same task recognises its own work by
 * it; any other task is refused.
 */
const TASK_MARKER = path.join('.git', 'meshwork-scaffolder-task');

/** Who published an existing repository folder. */
export type RepositoryOwnership =
  | { exists: false }
  | { exists: true; taskId?: string };

/** Looks at `<directory>/<name>`: absent, or present and published by which task. */
export async function repositoryOwnership(
  repoPath: string,
): Promise<RepositoryOwnership> {
  try {
    await fsp.lstat(repoPath);
  } catch {
    return { exists: false };
  }
  try {
    const taskId = (
      await fsp.readFile(path.join(repoPath, TASK_MARKER), 'utf8')
    ).trim();
    return { exists: true, taskId: taskId || undefined };
  } catch {
    return { exists: true };
  }
}

/**
 * Copies a folder's regular files and folders, skipping `.git` folders and symbolic links
 * (a link could point anywhere on the server; the published repository must not). Returns
 * the skipped links, relative to the source.
 */
export async function copyTree(
  source: string,
  target: string,
): Promise<string[]> {
  const skipped: string[] = [];
  const walk = async (relative: string) => {
    const from = path.join(source, relative);
    await fsp.mkdir(path.join(target, relative), { recursive: true });
    for (const entry of await fsp.readdir(from, { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isSymbolicLink()) {
        skipped.push(child);
      } else if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(child);
      } else if (entry.isFile()) {
        const stat = await fsp.stat(path.join(source, child));
        await fsp.copyFile(
          path.join(source, child),
          path.join(target, child),
          fs.constants.COPYFILE_EXCL,
        );
        await fsp.chmod(path.join(target, child), stat.mode & 0o777);
      }
      // sockets, FIFOs and devices are not part of a repository
    }
  };
  await walk('');
  return skipped;
}

/**
 * Makes a folder a git repository with one commit of everything in it, on branch `main`,
 * and marks it as published by the given task.
 *
 * @returns the commit hash
 */
export async function initRepository(options: {
  dir: string;
  taskId: string;
  message: string;
  author: { name: string; email: string };
}): Promise<string> {
  const { dir } = options;
  await git.init({ fs, dir, defaultBranch: 'main' });
  // The marker goes in first: a folder with a .git but no marker is never this task's.
  await fsp.writeFile(path.join(dir, TASK_MARKER), `${options.taskId}\n`);
  for (const filepath of await listFiles(dir)) {
    // Files matched by the repository's .gitignore are left out, as `git add` would.
    await git.add({ fs, dir, filepath });
  }
  return git.commit({
    fs,
    dir,
    message: options.message,
    author: options.author,
  });
}

/** The files of a folder, relative and with `/` separators, without `.git`. */
async function listFiles(dir: string, relative = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fsp.readdir(path.join(dir, relative), {
    withFileTypes: true,
  })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== '.git') out.push(...(await listFiles(dir, child)));
    } else if (entry.isFile()) {
      out.push(child);
    }
  }
  return out.sort();
}

/** The commit hash of a repository's HEAD, when it has one. */
export async function headCommit(dir: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, dir, ref: 'HEAD' });
  } catch {
    return undefined;
  }
}
