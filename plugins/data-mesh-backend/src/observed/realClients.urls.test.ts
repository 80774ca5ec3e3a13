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

/*
 * The root README's "Sending pipeline runs (OpenLineage)" configurations, each read from
 * the README as a user would paste it, turned into the URL its client really posts to (the
 * client's own joining rule, __fixtures__/clientRules.ts) and sent to the real backend with
 * the app-config's ingest token. A README edit that sends a client elsewhere fails here.
 */

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
// The README helpers of scripts/readme.test.ts, shared rather than copied; scripts/ is
// the repository's own tooling, not a package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  codeBlocks,
  markdownSection,
  type CodeBlock,
} from '../../../../scripts/readmeBlocks';
import {
  fakeCatalogFactory,
  mockScheduler,
  runEvent,
} from '../__testUtils__/backendTestUtils';
import {
  clientHeaders,
  clientUrl,
  javaClientUrl,
  pythonClientUrl,
  type ClientFamily,
} from './__fixtures__/clientRules';

const root = join(__dirname, '../../../..');
const SECTION = 'Sending pipeline runs (OpenLineage)';
const TOKEN = 'readme-ingest-token-0123456789abcdef';

/** What one documented configuration gives its client. */
interface ClientConfig {
  name: string;
  family: ClientFamily;
  url: string;
  endpoint?: string;
  authType?: string;
  apiKey?: string;
  gzip?: boolean;
  line: number;
}

// Reading the blocks ---------------------------------------------------------------------

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `transport:` of openlineage.yml, the Airflow JSON, or a flat key map. */
function fromTransport(
  name: string,
  family: ClientFamily,
  line: number,
  t: Record<string, any>,
): ClientConfig {
  return {
    name,
    family,
    line,
    url: String(t.url),
    endpoint: str(t.endpoint),
    authType: str(t.auth?.type),
    apiKey: str(t.auth?.apiKey) ?? str(t.auth?.api_key),
    gzip: t.compression === 'gzip',
  };
}

/** Flat `prefix.transport.*` keys (Spark, Flink, Hive) as a transport object. */
function flatTransport(
  entries: Array<[string, string]>,
  prefix: string,
): Record<string, any> | undefined {
  const t: Record<string, any> = {};
  let found = false;
  for (const [key, value] of entries) {
    if (!key.startsWith(`${prefix}transport.`)) continue;
    found = true;
    const path = key.slice(`${prefix}transport.`.length).split('.');
    let at = t;
    for (const p of path.slice(0, -1)) at = at[p] ??= {};
    at[path[path.length - 1]] = value;
  }
  return found ? t : undefined;
}

/** Shell lines joined over trailing backslashes. */
const shellLines = (body: string) =>
  body
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(l => l.replace(/\s#.*$/, '').trim());

const unquote = (v: string) => v.replace(/^(['"])(.*)\1$/, '$2');

function configsOf(block: CodeBlock): ClientConfig[] {
  const { lang, body, line } = block;
  const out: ClientConfig[] = [];
  if (/^ya?ml$/.test(lang)) {
    const doc = parseYaml(body) ?? {};
    if (doc.transport) {
      out.push(
        fromTransport(
          'openlineage.yml, Python client',
          'python',
          line,
          doc.transport,
        ),
        fromTransport(
          'openlineage.yml, Java client',
          'java',
          line,
          doc.transport,
        ),
      );
    }
    for (const item of doc.action_list ?? []) {
      const a = item?.action ?? {};
      if (a.class_name !== 'OpenLineageValidationAction') continue;
      // The action builds an OpenLineageClient from openlineage_host with the default
      // endpoint and the key as its api_key.
      out.push({
        name: 'Great Expectations',
        family: 'python',
        line,
        url: String(a.openlineage_host),
        authType: a.openlineage_apiKey ? 'api_key' : undefined,
        apiKey: str(a.openlineage_apiKey),
      });
    }
    const flink = flatTransport(
      Object.entries(doc).map(([k, v]) => [k, String(v)]),
      'openlineage.',
    );
    if (flink) out.push(fromTransport('Flink', 'java', line, flink));
  }
  if (/^(sh|bash|shell)$/.test(lang)) {
    const lines = shellLines(body);
    const env = new Map<string, string>();
    for (const l of lines) {
      const m = /^export\s+(\w+)=(.*)$/.exec(l);
      if (m) env.set(m[1], unquote(m[2].trim()));
    }
    if (env.has('OPENLINEAGE_URL')) {
      const envConfig = (name: string): ClientConfig => ({
        name,
        family: 'python',
        line,
        url: env.get('OPENLINEAGE_URL')!,
        endpoint: env.get('OPENLINEAGE_ENDPOINT'),
        // The Python client's environment fallback always makes an api_key provider.
        authType: 'api_key',
        apiKey: env.get('OPENLINEAGE_API_KEY'),
      });
      out.push(envConfig('OPENLINEAGE_* variables, Python client'));
      if (lines.some(l => /^dbt-ol\s/.test(l))) out.push(envConfig('dbt-ol'));
    }
    // OPENLINEAGE__A__B_C=v: each client nests the sections split by `__`, lower-cased;
    // the Java client (OpenLineageEnvParser) also turns snake_case into camelCase; both
    // read a value as JSON when it parses, else as a string.
    const dynamic = [...env].filter(([k]) => k.startsWith('OPENLINEAGE__'));
    if (dynamic.length) {
      const camel = (p: string) =>
        p.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
      const nest = (rule: (part: string) => string) => {
        const config: Record<string, any> = {};
        for (const [key, raw] of dynamic) {
          const path = key
            .slice('OPENLINEAGE__'.length)
            .split('__')
            .map(p => rule(p.toLowerCase()));
          let at = config;
          for (const p of path.slice(0, -1)) at = at[p] ??= {};
          let value: unknown = raw;
          try {
            value = JSON.parse(raw);
          } catch {
            // a plain string
          }
          at[path[path.length - 1]] = value;
        }
        return config.transport ?? {};
      };
      out.push(
        fromTransport(
          'OPENLINEAGE__ variables, Java client',
          'java',
          line,
          nest(camel),
        ),
        fromTransport(
          'OPENLINEAGE__ variables, Python client',
          'python',
          line,
          nest(p => p),
        ),
      );
    }
    if (env.has('AIRFLOW__OPENLINEAGE__TRANSPORT')) {
      out.push(
        fromTransport(
          'AIRFLOW__OPENLINEAGE__TRANSPORT',
          'python',
          line,
          JSON.parse(env.get('AIRFLOW__OPENLINEAGE__TRANSPORT')!),
        ),
      );
    }
    const conf: Array<[string, string]> = [];
    for (const l of lines) {
      for (const m of l.matchAll(/--conf\s+("[^"]*"|'[^']*'|\S+)/g)) {
        const [k, ...v] = unquote(m[1]).split('=');
        conf.push([k, v.join('=')]);
      }
    }
    const spark = flatTransport(conf, 'spark.openlineage.');
    if (spark) out.push(fromTransport('Spark', 'java', line, spark));
  }
  if (lang === 'ini') {
    let section = '';
    for (const l of body.split('\n')) {
      const s = /^\[(.+)\]\s*$/.exec(l.trim());
      if (s) section = s[1];
      const m = /^transport\s*=\s*(.*)$/.exec(l.trim());
      if (section === 'openlineage' && m) {
        out.push(fromTransport('Airflow', 'python', line, JSON.parse(m[1])));
      }
    }
  }
  if (lang === 'xml') {
    const props: Array<[string, string]> = [
      ...body.matchAll(
        /<name>\s*([^<]+?)\s*<\/name>\s*<value>\s*([^<]*?)\s*<\/value>/g,
      ),
    ].map(m => [m[1], m[2]]);
    const hive = flatTransport(props, 'hive.openlineage.');
    if (hive) out.push(fromTransport('Hive', 'java', line, hive));
  }
  return out;
}

function readmeConfigs(readme: string): ClientConfig[] {
  return codeBlocks(markdownSection(readme, SECTION)).flatMap(configsOf);
}

/** The README points every client at the ingest token; the test sends the test's one. */
function apiKeyOf(config: ClientConfig): string {
  expect({ name: config.name, authType: config.authType }).toEqual({
    name: config.name,
    authType: 'api_key',
  });
  expect({ name: config.name, apiKey: config.apiKey }).toEqual({
    name: config.name,
    apiKey: expect.stringMatching(
      /MESHWORK_INGEST_TOKEN|\.meshwork\/ingest-token/,
    ),
  });
  return TOKEN;
}

// The backend, with the shipped app-config's ingest token ----------------------------------

function shippedExternalAccess() {
  const appConfig = parseYaml(
    readFileSync(join(root, 'app-config.yaml'), 'utf8'),
  );
  const entries = appConfig.backend.auth.externalAccess;
  return JSON.parse(
    JSON.stringify(entries).replaceAll('${MESHWORK_INGEST_TOKEN}', TOKEN),
  );
}

let backend: TestBackend;
let sent = 0;

/** Posts one fresh event as `config`'s client would; answers the status and body. */
async function send(config: ClientConfig, body?: unknown) {
  const target = new URL(clientUrl(config.family, config.url, config.endpoint));
  const event =
    body ??
    runEvent({
      type: 'COMPLETE',
      run: `readme-${config.name}-${sent++}`,
      job: ['readme', config.name],
      at: Date.now() - 60_000,
    });
  const json = JSON.stringify(event);
  const req = request(backend.server)
    .post(`${target.pathname}${target.search}`)
    .set(clientHeaders(config.family, apiKeyOf(config), { gzip: config.gzip }));
  // Raw bytes as the client writes them: superagent would JSON-encode a Buffer.
  const res = await (config.gzip
    ? req.serialize(b => b).send(gzipSync(json))
    : req.send(json));
  return { url: target.href, status: res.status, body: res.body };
}

// The rules themselves -------------------------------------------------------------------

describe('the clients’ URL rules', () => {
  // Python's answers, from urllib.parse.urljoin (CPython 3.11).
  it.each([
    [
      'http://localhost:7007/api/data-mesh/openlineage',
      undefined,
      'http://localhost:7007/api/data-mesh/api/v1/lineage',
    ],
    [
      'http://localhost:7007/api/data-mesh/openlineage/',
      undefined,
      'http://localhost:7007/api/data-mesh/openlineage/api/v1/lineage',
    ],
    [
      'http://localhost:7007',
      undefined,
      'http://localhost:7007/api/v1/lineage',
    ],
    [
      'http://localhost:7007/',
      '/api/v1/lineage',
      'http://localhost:7007/api/v1/lineage',
    ],
    [
      'http://localhost:7007/api/data-mesh/openlineage',
      '/api/data-mesh/openlineage/api/v1/lineage',
      'http://localhost:7007/api/data-mesh/openlineage/api/v1/lineage',
    ],
    ['http://localhost:7007/a/b/', '../c', 'http://localhost:7007/a/c'],
    [
      'http://localhost:7007/api/data-mesh/openlineage',
      'api/v1/lineage/batch',
      'http://localhost:7007/api/data-mesh/api/v1/lineage/batch',
    ],
    [
      'http://localhost:7007/api/data-mesh/openlineage?x=1',
      undefined,
      'http://localhost:7007/api/data-mesh/api/v1/lineage',
    ],
    [
      'http://localhost:7007/api/data-mesh/openlineage',
      '',
      'http://localhost:7007/api/data-mesh/openlineage',
    ],
  ])('Python: urljoin(%s, %s) is %s', (url, endpoint, expected) => {
    expect(pythonClientUrl(url, endpoint)).toBe(expected);
  });

  it('Java: a url with a path is used as is, and refuses an endpoint beside it', () => {
    expect(
      javaClientUrl('http://localhost:7007/api/data-mesh/openlineage'),
    ).toBe('http://localhost:7007/api/data-mesh/openlineage');
    expect(javaClientUrl('http://localhost:7007/')).toBe(
      'http://localhost:7007/',
    );
    expect(() =>
      javaClientUrl(
        'http://localhost:7007/api/data-mesh/openlineage',
        'api/v1/lineage',
      ),
    ).toThrow("You can't pass both uri and endpoint parameters.");
    expect(javaClientUrl('http://localhost:7007')).toBe(
      'http://localhost:7007/api/v1/lineage',
    );
    expect(
      javaClientUrl(
        'http://localhost:7007',
        'api/data-mesh/openlineage/api/v1/lineage',
      ),
    ).toBe('http://localhost:7007/api/data-mesh/openlineage/api/v1/lineage');
    expect(javaClientUrl('http://localhost:7007?tenant=a', '/x')).toBe(
      'http://localhost:7007/x?tenant=a',
    );
  });
});

// The README -----------------------------------------------------------------------------

describe('the README’s OpenLineage configurations', () => {
  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        import('../index'),
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.database.factory(),
        mockScheduler().factory({ skipTaskRunOnStartup: true }),
        fakeCatalogFactory([]),
        mockServices.rootConfig.factory({
          data: {
            backend: { auth: { externalAccess: shippedExternalAccess() } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const configs = readmeConfigs(readme);

  it('documents every client family', () => {
    expect(configs.map(c => c.name).sort()).toEqual(
      [
        'Airflow',
        'Flink',
        'Great Expectations',
        'Hive',
        'OPENLINEAGE_* variables, Python client',
        'OPENLINEAGE__ variables, Java client',
        'OPENLINEAGE__ variables, Python client',
        'Spark',
        'dbt-ol',
        'openlineage.yml, Java client',
        'openlineage.yml, Python client',
      ].sort(),
    );
  });

  it.each(configs.map(c => [c.name, c] as const))(
    '%s reaches the ingest route of the real backend',
    async (_name, config) => {
      const res = await send(config);
      expect(new URL(res.url).origin).toBe('http://localhost:7007');
      expect({ name: config.name, url: res.url, status: res.status }).toEqual({
        name: config.name,
        url: res.url,
        status: expect.toSatisfy((s: number) => s >= 200 && s < 300),
      });
      expect(res.body).toMatchObject({ received: 1, stored: 1 });
    },
  );

  it('the Java clients also reach it with gzip compression configured', async () => {
    for (const config of configs.filter(c => c.family === 'java')) {
      const res = await send({ ...config, gzip: true });
      expect({ name: config.name, status: res.status }).toEqual({
        name: config.name,
        status: expect.toSatisfy((s: number) => s >= 200 && s < 300),
      });
    }
  });

  it('would fail on a README that sends a client elsewhere', async () => {
    // The mistake the issue found: the plugin's base as the url.
    const broken = readme.replaceAll(
      'http://localhost:7007/api/data-mesh/openlineage',
      'http://localhost:7007/api/data-mesh',
    );
    for (const config of readmeConfigs(broken)) {
      const res = await send(config);
      expect({ name: config.name, status: res.status }).toEqual({
        name: config.name,
        status: 404,
      });
    }
  });
});
