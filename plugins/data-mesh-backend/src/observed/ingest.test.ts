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
 * The ingest surface through the real wiring: the plugin on startTestBackend with real
 * auth and the ingest token exactly as app-config.yaml ships it (restricted to the
 * data-mesh plugin), the real router and body handling, SQLite and PostgreSQL. The catalog
 * stands in for the real one at the boundary, and like the real catalog service it asks
 * the auth service for a token to the catalog on behalf of the caller: a token restricted
 * to data-mesh is refused there (403), as it is in a real portal.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  datasetEvent,
  facet,
  jobEvent,
} from '../database/__testUtils__/eventKinds';
import { TABLES as T } from '../database/tables';
import {
  mockScheduler,
  product,
  runEvent,
} from '../__testUtils__/backendTestUtils';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TOKEN = 'shipped-ingest-token-0123456789abcdef';
const INGEST = `Bearer ${TOKEN}`;
const MIN = 60_000;
/** Sends a Buffer as it is (superagent would otherwise JSON-encode it). */
const raw = (body: unknown) => body as string;
const api = (path: string) => `/api/data-mesh${path}`;
const SINGLE_URLS = [
  '/openlineage/api/v1/lineage',
  '/api/v1/lineage',
  '/openlineage',
].map(api);
const BATCH_URLS = [
  '/openlineage/api/v1/lineage/batch',
  '/api/v1/lineage/batch',
].map(api);

/** backend.auth.externalAccess as app-config.yaml ships it, with the token filled in. */
function shippedExternalAccess() {
  const text = readFileSync(
    join(__dirname, '../../../../app-config.yaml'),
    'utf8',
  );
  const config = parseYaml(text.replace('${MESHWORK_INGEST_TOKEN}', TOKEN));
  const entries = config.backend.auth.externalAccess;
  expect(entries).toContainEqual(
    expect.objectContaining({
      options: { token: TOKEN, subject: 'openlineage-ingest' },
      accessRestrictions: [{ plugin: 'data-mesh' }],
    }),
  );
  return entries;
}

/** A catalog that, like the real catalog service, gets a token to the catalog per call. */
function delegatingCatalogFactory(entities: Entity[]) {
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  return createServiceFactory({
    service: catalogServiceRef,
    deps: { auth: coreServices.auth },
    factory: ({ auth }) => {
      const asCaller = (credentials: BackstageCredentials) =>
        auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'catalog',
        });
      const find = (ref: string) => byRef.get(ref.toLocaleLowerCase('en-US'));
      return {
        async getEntityByRef(ref: any, { credentials }: any) {
          await asCaller(credentials);
          return find(typeof ref === 'string' ? ref : stringifyEntityRef(ref));
        },
        async getEntitiesByRefs({ entityRefs }: any, { credentials }: any) {
          await asCaller(credentials);
          return { items: entityRefs.map((r: string) => find(r) ?? null) };
        },
        async queryEntities(_request: any, { credentials }: any) {
          await asCaller(credentials);
          const items = [...byRef.values()];
          return { items, totalItems: items.length, pageInfo: {} };
        },
        async *streamEntities(this: CatalogService, req: any, options: any) {
          yield (await this.queryEntities(req, options)).items;
        },
      } as unknown as CatalogService;
    },
  });
}

describe.each(databases.eachSupportedId())(
  'ingest surface on %s',
  databaseId => {
    let backend: TestBackend;
    let knex: Knex;
    const t0 = Date.now();
    let seq = 0;
    const run = (type = 'COMPLETE', at = t0 - 10 * MIN) =>
      runEvent({
        type,
        run: `ingest-${databaseId}-${seq++}`,
        job: ['shop', 'orders.load'],
        at,
        outputs: [['s3://lake', 'sales/orders']],
      });
    const post = (path: string, body: unknown) =>
      request(backend.server)
        .post(path)
        .set('Authorization', INGEST)
        .send(body as object);
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }).first())!.n);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          import('../index'),
          authServiceFactory,
          httpAuthServiceFactory,
          mockServices.database.factory({ knex }),
          mockScheduler().factory({ skipTaskRunOnStartup: true }),
          delegatingCatalogFactory([
            product('orders', {
              outputPorts: [
                {
                  name: 'o',
                  type: 'table',
                  location: 's3://lake/sales/orders',
                },
              ],
              slos: [{ indicator: 'completeness', objective: '99%' }],
            }),
          ]),
          mockServices.rootConfig.factory({
            data: {
              backend: { auth: { externalAccess: shippedExternalAccess() } },
              dataMesh: {
                observed: {
                  ingest: {
                    maxBodyBytes: 64 * 1024,
                    maxBatchEvents: 50,
                    maxClockSkew: '10m',
                  },
                },
              },
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('serves every URL the Python and Java clients post to, single and batch', async () => {
      for (const url of SINGLE_URLS) {
        const res = await post(url, run());
        expect({ url, status: res.status, body: res.body }).toEqual({
          url,
          status: 200,
          body: { received: 1, stored: 1, duplicates: 0 },
        });
      }
      for (const url of BATCH_URLS) {
        const res = await post(url, [run('START'), run()]);
        expect({ url, status: res.status, body: res.body }).toEqual({
          url,
          status: 200,
          body: {
            received: 2,
            stored: 2,
            duplicates: 0,
            status: 'success',
            failed_events: [],
          },
        });
      }
      // A url written with a trailing slash, which the Java client uses as is.
      const slash = await post(api('/openlineage/'), run());
      expect(slash.status).toBe(200);
      expect(slash.body.stored).toBe(1);
      const senders = await knex(T.events).distinct('sent_by');
      expect(senders).toEqual([{ sent_by: 'openlineage-ingest' }]);
    });

    it("accepts the Java client's Content-Type and gzip bodies", async () => {
      const java = await request(backend.server)
        .post(api('/openlineage'))
        .set('Authorization', INGEST)
        .set('Content-Type', 'application/json; charset=UTF-8')
        .send(JSON.stringify(run()));
      expect(java.status).toBe(200);
      expect(java.body.stored).toBe(1);
      const vendor = await request(backend.server)
        .post(api('/api/v1/lineage'))
        .set('Authorization', INGEST)
        .set('Content-Type', 'application/vnd.openlineage+json')
        .send(JSON.stringify(run()));
      expect(vendor.status).toBe(200);
      const gzipped = await request(backend.server)
        .post(api('/api/v1/lineage/batch'))
        .set('Authorization', INGEST)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(gzipSync(JSON.stringify([run(), run()])));
      expect(gzipped.status).toBe(200);
      expect(gzipped.body).toMatchObject({ received: 2, stored: 2 });
      // The size limit is on the inflated body: it cannot be dodged by compressing.
      const bomb = await request(backend.server)
        .post(api('/openlineage'))
        .set('Authorization', INGEST)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(
          gzipSync(
            JSON.stringify({
              ...run(),
              padding: 'x'.repeat(200 * 1024),
            }),
          ),
        );
      expect(bomb.status).toBe(413);
    });

    it('answers 415 for a body that is not JSON, naming what was sent and what is accepted', async () => {
      const before = await count(T.events);
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=ISO-8859-1',
      ]) {
        const res = await request(backend.server)
          .post(api('/openlineage'))
          .set('Authorization', INGEST)
          .set('Content-Type', type)
          .send(JSON.stringify(run()));
        expect({ type, status: res.status }).toEqual({ type, status: 415 });
        expect(res.body.error.message).toContain(`Content-Type "${type}"`);
        expect(res.body.error.message).toContain('send application/json');
      }
      const none = await request(backend.server)
        .post(api('/openlineage/api/v1/lineage/batch'))
        .set('Authorization', INGEST)
        .send(Buffer.from(JSON.stringify([run()])));
      expect(none.status).toBe(415);
      expect(none.body.error.message).toMatch(/^No Content-Type was sent/);
      expect(await count(T.events)).toBe(before);
    });

    it('answers 400, not 500, for JSON nested deeper than 64 levels', async () => {
      const event = JSON.stringify(run());
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const body = event.replace(
        '"facets":{}',
        `"facets":{"vendor_deep":{"_producer":"x","_schemaURL":"y","v":${deep}}}`,
      );
      expect(body).not.toBe(event);
      for (const url of [api('/openlineage'), BATCH_URLS[0]]) {
        const res = await request(backend.server)
          .post(url)
          .set('Authorization', INGEST)
          .set('Content-Type', 'application/json')
          .send(url === BATCH_URLS[0] ? `[${body}]` : body);
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expect(res.body.error.message).toMatch(/more than 64 levels deep/);
      }
      // 64 levels are fine.
      const ok = event.replace(
        '"facets":{}',
        `"facets":{"vendor_deep":{"v":${'['.repeat(58)}1${']'.repeat(58)}}}`,
      );
      const res = await request(backend.server)
        .post(api('/openlineage'))
        .set('Authorization', INGEST)
        .set('Content-Type', 'application/json')
        .send(ok);
      expect(res.status).toBe(200);
    });

    it('refuses an eventTime past the clock skew or a date that does not exist, naming eventTime', async () => {
      const ahead = await post(
        api('/openlineage'),
        run('START', Date.now() + 20 * MIN),
      );
      expect(ahead.status).toBe(400);
      expect(ahead.body.error.message).toMatch(
        /^Invalid OpenLineage RunEvent: eventTime \S+ is more than 10m ahead of the server's clock/,
      );
      const within = await post(
        api('/openlineage'),
        run('START', Date.now() + 5 * MIN),
      );
      expect(within.status).toBe(200);
      const impossible = await post(api('/api/v1/lineage'), {
        ...datasetEvent({ dataset: ['s3://lake', 'sales/orders'], at: t0 }),
        eventTime: '2025-02-31T00:00:00Z',
      });
      expect(impossible.status).toBe(400);
      expect(impossible.body.error.message).toBe(
        'Invalid OpenLineage DatasetEvent: eventTime must be a date-time such as 2025-06-01T12:00:00.000Z',
      );
    });

    it('dedupes by content: two OTHER events of a run in one millisecond are both kept, a resent one is not', async () => {
      const base = run('OTHER');
      const withFacet = (name: string) => ({
        ...base,
        run: {
          ...base.run,
          facets: { [name]: facet('custom.json', { value: name }) },
        },
      });
      const first = await post(api('/openlineage'), [
        withFacet('a'),
        withFacet('b'),
      ]);
      expect(first.body).toEqual({ received: 2, stored: 2, duplicates: 0 });
      const again = await post(BATCH_URLS[1], [withFacet('b')]);
      expect(again.body).toMatchObject({
        received: 1,
        stored: 0,
        duplicates: 1,
      });
      expect(await knex(T.events).where('run_id', base.run.runId)).toHaveLength(
        2,
      );
    });

    it('stores a DatasetEvent: the dataset, its match keys and its facets', async () => {
      const res = await post(
        api('/api/v1/lineage'),
        datasetEvent({
          dataset: [
            's3://lake',
            'sales/orders',
            {
              schema: facet('1-1-1/SchemaDatasetFacet.json', {
                fields: [{ name: 'id', type: 'BIGINT' }],
              }),
              ownership: facet('1-0-1/OwnershipDatasetFacet.json', {
                owners: [{ name: 'team:sales', type: 'TEAM' }],
              }),
            },
          ],
          at: t0 - MIN,
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
      const facets = await knex(T.datasetFacets)
        .where('dataset_id', 's3://lake/sales/orders')
        .orderBy('facet')
        .pluck('facet');
      expect(facets).toEqual(['ownership', 'schema']);
      const [row] = await knex(T.events)
        .where('event_kind', 'DatasetEvent')
        .select('run_id', 'sent_by');
      expect(row).toEqual({ run_id: '', sent_by: 'openlineage-ingest' });
      expect(
        await knex(T.datasetKeys).where('match_key', 's3://lake/sales/orders'),
      ).toHaveLength(1);
    });

    it('stores a JobEvent: the job and its declared inputs and outputs as static io', async () => {
      const res = await post(
        api('/openlineage'),
        jobEvent({
          job: ['shop', 'orders.static'],
          at: t0 - MIN,
          inputs: [['s3://lake', 'raw/orders']],
          outputs: [['s3://lake', 'sales/orders']],
        }),
      );
      expect(res.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
      const io = await knex(T.staticIo)
        .where('job_id', 'shop/orders.static')
        .orderBy('direction')
        .select('direction', 'dataset_id');
      expect(io).toEqual([
        { direction: 'in', dataset_id: 's3://lake/raw/orders' },
        { direction: 'out', dataset_id: 's3://lake/sales/orders' },
      ]);
      expect(
        await knex(T.jobs).where('job_id', 'shop/orders.static'),
      ).toHaveLength(1);
      expect(
        await knex(T.runs).where('job_id', 'shop/orders.static'),
      ).toHaveLength(0);
    });

    it('stores the valid events of a batch and lists the others by index, naming the field', async () => {
      const noJobName = run();
      delete (noJobName.job as { name?: string }).name;
      const badJob = jobEvent({ job: ['shop', 'x'], at: t0 });
      delete (badJob.job as { namespace?: string }).namespace;
      const batch = [
        run(),
        noJobName,
        datasetEvent({ dataset: ['s3://lake', 'sales/returns'], at: t0 - MIN }),
        badJob,
        jobEvent({ job: ['shop', 'returns.load'], at: t0 - MIN }),
        run('START', Date.now() + 60 * MIN),
        'not an event',
      ];
      const res = await post(BATCH_URLS[0], batch);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        received: 7,
        stored: 3,
        duplicates: 0,
        status: 'partial_success',
        failed_events: [
          {
            index: 1,
            reason: 'Invalid OpenLineage RunEvent: job.name is required',
            retriable: false,
          },
          {
            index: 3,
            reason: 'Invalid OpenLineage JobEvent: job.namespace is required',
            retriable: false,
          },
          {
            index: 5,
            reason: expect.stringMatching(
              /^Invalid OpenLineage RunEvent: eventTime \S+ is more than 10m ahead/,
            ),
            retriable: false,
          },
          {
            index: 6,
            reason: expect.stringMatching(
              /^Invalid OpenLineage RunEvent: must be an object/,
            ),
            retriable: false,
          },
        ],
      });
      expect(
        await knex(T.datasetFacets).where(
          'dataset_id',
          's3://lake/sales/returns',
        ),
      ).toHaveLength(0);
      expect(
        await knex(T.datasets).where('dataset_id', 's3://lake/sales/returns'),
      ).toHaveLength(1);
      expect(
        await knex(T.jobs).where('job_id', 'shop/returns.load'),
      ).toHaveLength(1);
    });

    it('answers 400 with the same shape when no event of a batch is valid, storing nothing', async () => {
      const before = await count(T.events);
      const res = await post(BATCH_URLS[1], [{ eventTime: 'soon' }, 42]);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        received: 2,
        stored: 0,
        duplicates: 0,
        status: 'failure',
        failed_events: [
          {
            index: 0,
            reason: expect.stringMatching(
              /^Invalid OpenLineage RunEvent: eventTime must be a date-time/,
            ),
            retriable: false,
          },
          {
            index: 1,
            reason: expect.stringMatching(
              /^Invalid OpenLineage RunEvent: must be an object/,
            ),
            retriable: false,
          },
        ],
      });
      expect(await count(T.events)).toBe(before);
      // Not an array, or empty: an error naming what a batch is.
      const single = await post(BATCH_URLS[1], run());
      expect(single.status).toBe(400);
      expect(single.body.error.message).toMatch(/^A batch is a JSON array/);
      const empty = await post(BATCH_URLS[1], []);
      expect(empty.status).toBe(400);
    });

    it('takes observations with the shipped ingest token, reading the catalog as the plugin, keeping the sender', async () => {
      const res = await post(api('/observations'), {
        entityRef: 'dataproduct:default/orders',
        indicator: 'completeness',
        value: 0.995,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
      const rows = await knex(T.observations)
        .where('subject', 'dataproduct:default/orders')
        .select('sent_by', 'source');
      expect(rows).toEqual([{ sent_by: 'openlineage-ingest', source: 'api' }]);
      const unknown = await post(api('/observations'), {
        entityRef: 'dataproduct:default/nope',
        indicator: 'completeness',
        value: 0.9,
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'body.entityRef: no data product dataproduct:default/nope in the catalog',
      );
    });
  },
);
