/*
 * Starts the real portal (built app served by the real backend) for browser tests, on its
 * own port and its own SQLite folder so it never touches a running `npm start`.
 */
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..');
export const artifactsDir = path.join(repoRoot, 'artifacts');

export interface RunningPortal {
  baseUrl: string;
  /** The service token pipelines send OpenLineage events with. */
  ingestToken: string;
  /** The backend's process id (benchmarks read its memory). */
  pid: number;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 4 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `the portal's backend exited with ${child.exitCode}; see ${logFile}`,
      );
    }
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `the portal did not become ready in 4 minutes; see ${logFile}`,
  );
}

/** A guest's token, as the app gets it when someone clicks "Enter". */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/**
 * Waits until the example mesh is in the catalog (every DataProduct of examples/mesh,
 * stitched) and in the search index, so browser tests never race the first ingestion.
 */
export async function waitForExampleMesh(baseUrl: string) {
  const meshDir = path.join(repoRoot, 'examples', 'mesh');
  const expected =
    fs
      .readdirSync(meshDir)
      .filter(f => f.endsWith('.yaml'))
      .map(f => fs.readFileSync(path.join(meshDir, f), 'utf8'))
      .join('\n')
      .split(/^kind: DataProduct$/m).length - 1;
  const token = await guestToken(baseUrl);
  const headers = { authorization: `Bearer ${token}` };
  const deadline = Date.now() + 3 * 60_000;
  let seen = 0;
  let searchable = false;
  while (Date.now() < deadline) {
    const page = (await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=kind=dataproduct&limit=1000`,
      { headers },
    ).then(r => r.json())) as { items?: { relations?: unknown[] }[] };
    seen = (page.items ?? []).filter(
      e => (e.relations?.length ?? 0) > 0,
    ).length;
    if (seen >= expected) {
      const search = (await fetch(
        `${baseUrl}/api/search/query?term=${encodeURIComponent(
          'Customer 360',
        )}`,
        { headers },
      ).then(r => r.json())) as { results?: unknown[] };
      // Until the first index is built the engine answers with an error body.
      searchable = (search.results?.length ?? 0) > 0;
      if (searchable) return;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `the example mesh did not settle in 3 minutes: ${seen}/${expected} data products stitched, search ${
      searchable ? 'ready' : 'empty'
    }`,
  );
}

/**
 * Sends the example mesh's OpenLineage history through the real ingest endpoint, as
 * `npm start` does, so SLO and lineage cards have data.
 */
export function seedOpenLineage(portal: RunningPortal) {
  const res = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'examples/openlineage/seed.mjs'),
      '--url',
      `${portal.baseUrl}/api/data-mesh/openlineage`,
      '--token',
      portal.ingestToken,
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) {
    throw new Error(
      `seeding OpenLineage events failed:\n${res.stdout}\n${res.stderr}`,
    );
  }
}

/** Builds the app if needed and starts the backend with a private config. */
export async function startPortal(options: {
  port: number;
  name: string;
  extraConfig?: string;
}): Promise<RunningPortal> {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'backstage-cli');
  if (!fs.existsSync(path.join(repoRoot, 'packages/app/dist/index.html'))) {
    const res = spawnSync(bin, ['package', 'build'], {
      cwd: path.join(repoRoot, 'packages/app'),
      stdio: 'inherit',
    });
    if (res.status !== 0) throw new Error('building packages/app failed');
  }
  const workDir = path.join(repoRoot, '.meshwork', 'e2e', options.name);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(workDir, 'data'), { recursive: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  const baseUrl = `http://localhost:${options.port}`;
  const configFile = path.join(workDir, 'app-config.e2e.yaml');
  fs.writeFileSync(
    configFile,
    [
      'app:',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      '  listen:',
      `    port: ${options.port}`,
      '  database:',
      '    client: better-sqlite3',
      '    connection:',
      `      directory: ${JSON.stringify(path.join(workDir, 'data'))}`,
      options.extraConfig ?? '',
    ].join('\n'),
  );
  const logFile = path.join(artifactsDir, `${options.name}-backend.log`);
  const ingestToken = randomBytes(24).toString('base64url');
  const out = fs.openSync(logFile, 'w');
  // Run the backend's source directly (no watch mode), so a crash ends the process and
  // the test fails fast with the log instead of waiting for a restart.
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      path.join(
        repoRoot,
        'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
      ),
      'src/index.ts',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: { ...process.env, MESHWORK_INGEST_TOKEN: ingestToken },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise(r => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  try {
    await waitReady(baseUrl, child, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, ingestToken, pid: child.pid!, stop };
}
