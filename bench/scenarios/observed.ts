/**
 * Scenarios 3, 4 and 5: observed reality (OpenLineage ingest, lineage walks, SLO status)
 * on the storage the data-mesh backend uses, on SQLite and, when
 * MESHWORK_BENCH_POSTGRES holds a connection string, on PostgreSQL.
 *
 * 3  lineage, 5 hops upstream of a product: the level-by-level walk the API uses (one
 *    batched query per hop), against one query per visited node (the naive way), and a
 *    recursive CTE for reference.
 * 4  OpenLineage ingest: events validated and stored with everything derived at ingest
 *    (run state, aggregates, observed lineage), batched and one at a time, against a raw
 *    insert of the same event rows with the same driver.
 * 5  SLO status of one product over 30 days with 1M observations stored (100k for S),
 *    from the hourly aggregates, against computing the same from the raw rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory, { type Knex } from 'knex';
import { ObservedStore } from '../../plugins/data-mesh-backend/src/database/ObservedStore';
import { initializePersistenceContext } from '../../plugins/data-mesh-backend/src/database/persistenceContext';
import { TABLES as T } from '../../plugins/data-mesh-backend/src/database/tables';
import { walkLineage } from '../../plugins/data-mesh-backend/src/observed/lineage';
import { parseJsonBody } from '../../plugins/data-mesh-backend/src/observed/ingestBody';
import {
  parseLineageBatch,
  parseRunEvents,
} from '../../plugins/data-mesh-backend/src/observed/openlineage';
import { readProductMapping } from '../../plugins/data-mesh-backend/src/observed/productMapping';
import { computeSloStatus } from '../../plugins/data-mesh-backend/src/observed/sloStatus';
import { measure, median, p99, Row } from '../lib/stats';
import { generateMesh, MeshSize, rng } from '../lib/syntheticMesh';
import type { BenchContext } from '../index';

const H = 3_600_000;
const DAY = 24 * H;

type Db = {
  name: 'SQLite' | 'PostgreSQL';
  knex: Knex;
  dispose(): Promise<void>;
};

/** A fresh, migrated database of each kind available. */
async function databases(ctx: BenchContext, label: string): Promise<Db[]> {
  const out: Db[] = [];
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'meshwork-bench-observed-'),
  );
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'data-mesh.sqlite') },
    useNullAsDefault: true,
  });
  out.push({
    name: 'SQLite',
    knex: sqlite,
    dispose: async () => {
      await sqlite.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
  const pg = process.env.MESHWORK_BENCH_POSTGRES;
  if (pg) {
    const dbName = `meshwork_bench_${label}`
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_');
    const admin = knexFactory({ client: 'pg', connection: pg });
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.raw(`CREATE DATABASE ${dbName}`);
    await admin.destroy();
    const url = new URL(pg);
    url.pathname = `/${dbName}`;
    const knex = knexFactory({
      client: 'pg',
      connection: url.toString(),
      pool: { min: 1, max: 5 },
    });
    out.push({
      name: 'PostgreSQL',
      knex,
      dispose: async () => {
        await knex.destroy();
        const again = knexFactory({ client: 'pg', connection: pg });
        await again.raw(`DROP DATABASE IF EXISTS ${dbName}`);
        await again.destroy();
      },
    });
  } else {
    ctx.log('MESHWORK_BENCH_POSTGRES is not set: PostgreSQL rows are skipped');
  }
  for (const db of out) {
    const service: DatabaseService = { getClient: async () => db.knex };
    await initializePersistenceContext(service);
  }
  return out;
}

async function bulkInsert(
  knex: Knex,
  table: string,
  rows: object[],
  columns: number,
) {
  // Stay under PostgreSQL's bound-parameter limit, and SQLite's 500 terms of a compound
  // SELECT (which knex compiles multi-row inserts into).
  const max = knex.client.config.client === 'pg' ? 10_000 : 500;
  const size = Math.min(max, Math.max(1, Math.floor(30_000 / columns)));
  await knex.transaction(async trx => {
    for (let i = 0; i < rows.length; i += size) {
      await trx(table).insert(rows.slice(i, i + size));
    }
  });
}

// ---------------------------------------------------------------------------------------
// Scenario 3: lineage

/**
 * The lineage graph of a mesh as the edges table holds it: product inputs (declared, most
 * also observed), operational sources, raw datasets read by source-aligned products, and
 * consumer jobs reading products, to 50 edges per product (500,000 for L).
 */
function lineageEdges(size: MeshSize) {
  const mesh = generateMesh(size);
  const rand = rng(7);
  const edges = new Map<string, object>();
  const add = (
    source: string,
    target: string,
    declared: boolean,
    observed: boolean,
  ) => {
    const key = `${source}\u0000${target}`;
    if (source !== target && !edges.has(key)) {
      edges.set(key, {
        source,
        target,
        declared,
        observed,
        observed_first_at: observed ? 1 : null,
        observed_last_at: observed ? 2 : null,
      });
    }
  };
  const mappings = mesh.products.map(p => readProductMapping(p));
  const sourceAligned = mappings.filter((_, i) => i < mappings.length / 3);
  for (const m of mappings) {
    for (const input of m.declaredInputs)
      add(input.node, m.ref, true, rand() < 0.8);
  }
  const target = mesh.products.length * 50;
  let raw = 0;
  while (raw < mesh.products.length * 10) {
    const m = sourceAligned[Math.floor(rand() * sourceAligned.length)];
    add(`ol-dataset:s3://raw/${raw++}`, m.ref, false, true);
  }
  let job = 0;
  while (edges.size < target) {
    const m = mappings[Math.floor(rand() * mappings.length)];
    add(
      m.ref,
      `ol-job:consumers/job-${job++ % mesh.products.length}`,
      false,
      true,
    );
  }
  return {
    rows: [...edges.values()],
    mappings,
    types: mesh.products.map(p => (p.spec as any).type as string),
  };
}

async function naiveWalk(knex: Knex, root: string, depth: number) {
  const seen = new Set([root]);
  let frontier = [root];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const node of frontier) {
      const rows = await knex(T.edges).where('target', node).select('source');
      for (const r of rows) {
        if (!seen.has(r.source)) {
          seen.add(r.source);
          next.push(r.source);
        }
      }
    }
    frontier = next;
  }
  return seen.size;
}

async function cteWalk(knex: Knex, root: string, depth: number) {
  const rows = await knex.raw(
    `WITH RECURSIVE walk(node, depth) AS (
       SELECT ?, 0
       UNION
       SELECT e.source, w.depth + 1 FROM ${T.edges} e JOIN walk w ON e.target = w.node
       WHERE w.depth < ?
     )
     SELECT node, MIN(depth) AS depth FROM walk GROUP BY node`,
    [root, depth],
  );
  return (Array.isArray(rows) ? rows : rows.rows).length;
}

async function lineageRows(ctx: BenchContext, size: MeshSize): Promise<Row[]> {
  const { rows, mappings, types } = lineageEdges(size);
  const rand = rng(11);
  // Roots: products that read other products, from the last fifth of the mesh (the ones
  // with the deepest ancestry).
  const candidates = mappings.filter(
    (_, i) => i >= mappings.length * 0.8 && types[i] !== 'source-aligned',
  );
  const roots = Array.from(
    { length: 40 },
    () => candidates[Math.floor(rand() * candidates.length)].ref,
  );
  const out: Row[] = [];
  for (const db of await databases(ctx, `lineage_${size}`)) {
    try {
      ctx.log(`scenario 3 on ${size}/${db.name}: ${rows.length} edges`);
      await bulkInsert(db.knex, T.edges, rows, 6);
      if (db.name === 'PostgreSQL') await db.knex.raw(`ANALYZE ${T.edges}`);
      const store = new ObservedStore(db.knex);
      let i = 0;
      let nodes = 0;
      const ours = await measure(
        async () => {
          const walk = await walkLineage(store, roots[i++ % roots.length], {
            direction: 'upstream',
            depth: 5,
            maxNodes: 10_000,
          });
          nodes += walk.depths.size;
        },
        { repetitions: 200, warmup: 10 },
      );
      const avgNodes = Math.round(nodes / 210);
      i = 0;
      const cte = await measure(
        () => cteWalk(db.knex, roots[i++ % roots.length], 5),
        {
          repetitions: 100,
          warmup: 5,
        },
      );
      i = 0;
      const naive = await measure(
        () => naiveWalk(db.knex, roots[i++ % roots.length], 5),
        {
          repetitions: 80,
          warmup: 2,
        },
      );
      const scenario = `3 lineage 5 hops (${db.name})`;
      out.push(
        {
          scenario,
          size,
          variant: 'naive: one query per node',
          median: median(naive),
          p99: p99(naive),
          unit: 'ms/walk',
        },
        {
          scenario,
          size,
          variant: 'recursive CTE',
          median: median(cte),
          p99: p99(cte),
          unit: 'ms/walk',
          baselineOf: 'naive: one query per node',
        },
        {
          scenario,
          size,
          variant: 'walkLineage: one query per hop',
          median: median(ours),
          p99: p99(ours),
          unit: 'ms/walk',
          baselineOf: 'naive: one query per node',
          target: 'p99 < 50 ms',
          note: `${rows.length} edges, ~${avgNodes} nodes reached`,
        },
      );
    } finally {
      await db.dispose();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Scenario 4: ingest

/** START and COMPLETE events of one run of every product's pipeline, per hour. */
function ingestEvents(size: MeshSize, hours: number) {
  const mesh = generateMesh(size);
  const byName = new Map(mesh.products.map(p => [p.metadata.name, p]));
  const location = (p: any) => p.spec.outputPorts[0].location as string;
  const ds = (loc: string) => {
    const [, bucket, key] = /^(s3:\/\/[^/]+)\/(.+)$/.exec(loc)!;
    return { namespace: bucket, name: key };
  };
  const events: object[] = [];
  const t0 = Date.now() - hours * H;
  for (let h = 0; h < hours; h++) {
    mesh.products.forEach((p, i) => {
      const spec = p.spec as any;
      const inputs = (spec.inputPorts as any[])
        .filter(ip => ip.dataProduct && byName.has(ip.dataProduct))
        .map(ip => ds(location(byName.get(ip.dataProduct))));
      const outputs = [ds(location(p))];
      const runId = `${(h * 1_000_000 + i)
        .toString(16)
        .padStart(8, '0')}-0000-4000-8000-000000000000`;
      const base = {
        producer:
          'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python',
        schemaURL:
          'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
        job: { namespace: 'bench', name: `${p.metadata.name}.build` },
        inputs,
      };
      const start = t0 + h * H + (i % 3600) * 1000;
      events.push({
        ...base,
        eventType: 'START',
        eventTime: new Date(start).toISOString(),
        run: { runId },
        outputs,
      });
      events.push({
        ...base,
        eventType: i % 50 === 0 ? 'FAIL' : 'COMPLETE',
        eventTime: new Date(start + 60_000).toISOString(),
        run: { runId },
        outputs: outputs.map(o => ({
          ...o,
          facets: {
            dataQualityMetrics: {
              _producer: base.producer,
              _schemaURL:
                'https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsDatasetFacet.json',
              rowCount: 1000,
              columnMetrics: {
                id: { nullCount: 0 },
                email: { nullCount: i % 7 },
              },
            },
          },
        })),
      });
    });
  }
  return events;
}

/**
 * The same hour with one event in ten a DatasetEvent (the output's schema and ownership)
 * or a JobEvent (the job's declared inputs and outputs), as a mixed batch brings them.
 */
function mixedEvents(events: object[]): object[] {
  return events.map((e: any, i) => {
    if (i % 20 === 3) {
      return {
        eventTime: e.eventTime,
        producer: e.producer,
        schemaURL:
          'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent',
        dataset: {
          ...e.outputs[0],
          facets: {
            schema: {
              _producer: e.producer,
              _schemaURL:
                'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json',
              fields: [
                { name: 'id', type: 'BIGINT' },
                { name: 'email', type: 'STRING' },
              ],
            },
          },
        },
      };
    }
    if (i % 20 === 13) {
      return {
        eventTime: e.eventTime,
        producer: e.producer,
        schemaURL:
          'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent',
        job: e.job,
        inputs: e.inputs,
        outputs: e.outputs.map((o: any) => ({
          namespace: o.namespace,
          name: o.name,
        })),
      };
    }
    return e;
  });
}

async function ingestRows(ctx: BenchContext, size: MeshSize): Promise<Row[]> {
  // One hour of runs of every product: 2,000 events for S, 20,000 for L.
  const events = ingestEvents(size, 1);
  const mixed = mixedEvents(ingestEvents(size, 3).slice(-events.length));
  const singles = ingestEvents(size, 2).slice(
    events.length,
    events.length + 400,
  );
  const batch = 500;
  const out: Row[] = [];
  for (const db of await databases(ctx, `ingest_${size}`)) {
    try {
      ctx.log(`scenario 4 on ${size}/${db.name}: ${events.length} events`);
      const store = new ObservedStore(db.knex);
      // As the batch URL handles a request: the body bytes read (depth checked, parsed),
      // each event checked, the valid ones stored.
      const viaBatchUrl = async (list: object[]) => {
        const times: number[] = [];
        for (let i = 0; i < list.length; i += batch) {
          const bytes = Buffer.from(JSON.stringify(list.slice(i, i + batch)));
          const t = process.hrtime.bigint();
          const parsed = parseLineageBatch(parseJsonBody(bytes), {
            maxBatch: batch,
            now: Date.now(),
            maxClockSkewMs: H,
          });
          if (parsed.failed.length > 0) {
            throw new Error(`bench events refused: ${parsed.failed[0].reason}`);
          }
          await store.ingestLineageEvents(parsed.events, 'bench');
          times.push(Number(process.hrtime.bigint() - t) / 1e6 / batch);
        }
        return times;
      };
      const batched = await viaBatchUrl(events);
      const batchedMixed = await viaBatchUrl(mixed);
      let j = 0;
      const single = await measure(
        async () => {
          const parsed = parseRunEvents(
            JSON.parse(JSON.stringify(singles[j++])),
            {
              maxBatch: 1,
            },
          );
          await store.ingestRunEvents(parsed.events, 'bench');
        },
        { repetitions: singles.length - 20, warmup: 20 },
      );
      // The limit: the same event rows, inserted raw with the same driver.
      const parsed = parseRunEvents(events, { maxBatch: events.length }).events;
      const raw: number[] = [];
      for (let i = 0; i < parsed.length; i += batch) {
        const rows = parsed.slice(i, i + batch).map(e => ({
          event_key: `r${e.key.slice(1)}`,
          run_id: e.runId,
          event_type: e.eventType,
          event_time: e.time,
          job_id: `${e.event.job.namespace}/${e.event.job.name}`,
          producer: e.event.producer,
          schema_url: e.event.schemaURL,
          sent_by: 'bench',
          received_at: Date.now(),
          payload: JSON.stringify(e.raw),
        }));
        const t = process.hrtime.bigint();
        await db.knex.transaction(async trx => {
          for (let k = 0; k < rows.length; k += 200) {
            await trx(T.events).insert(rows.slice(k, k + 200));
          }
        });
        raw.push(Number(process.hrtime.bigint() - t) / 1e6 / batch);
      }
      const scenario = `4 ingest (${db.name})`;
      const perSecond = (msPerEvent: number) => Math.round(1000 / msPerEvent);
      out.push(
        {
          scenario,
          size,
          variant: 'raw insert of the event rows',
          median: median(raw),
          p99: p99(raw),
          unit: 'ms/event',
          note: `${perSecond(median(raw))} events/s`,
        },
        {
          scenario,
          size,
          variant: `ingest, batches of ${batch}`,
          median: median(batched),
          p99: p99(batched),
          unit: 'ms/event',
          baselineOf: 'raw insert of the event rows',
          target:
            db.name === 'SQLite' ? '>= 5,000 events/s' : '>= 2,000 events/s',
          note: `${perSecond(median(batched))} events/s`,
        },
        {
          scenario,
          size,
          variant: `ingest, batches of ${batch}, 1 in 10 a DatasetEvent or JobEvent`,
          median: median(batchedMixed),
          p99: p99(batchedMixed),
          unit: 'ms/event',
          baselineOf: 'raw insert of the event rows',
          target:
            db.name === 'SQLite' ? '>= 5,000 events/s' : '>= 2,000 events/s',
          note: `${perSecond(median(batchedMixed))} events/s`,
        },
        {
          scenario,
          size,
          variant: 'ingest, one event per call',
          median: median(single),
          p99: p99(single),
          unit: 'ms/event',
          target: 'p99 < 20 ms',
        },
      );
    } finally {
      await db.dispose();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Scenario 5: SLO status

const INDICATORS = ['completeness', 'accuracy', 'validity'];

async function sloRows(ctx: BenchContext, size: MeshSize): Promise<Row[]> {
  const total = size === 'L' ? 1_000_000 : 100_000;
  const mesh = generateMesh(size);
  const now = Date.now();
  const from = now - 30 * DAY;
  const subject = 'dataproduct:default/product-1';
  const out: Row[] = [];
  for (const db of await databases(ctx, `slo_${size}`)) {
    try {
      ctx.log(`scenario 5 on ${size}/${db.name}: ${total} observations`);
      const rand = rng(5);
      // The measured product: every indicator every 15 minutes for 30 days (8,640 rows).
      const rows: object[] = [];
      let id = 0;
      const push = (s: string, indicator: string, at: number) =>
        rows.push({
          dedupe_key: `k${id++}`,
          subject: s,
          indicator,
          value: 0.99 + rand() * 0.01,
          observed_at: at,
          source: 'api',
          sent_by: 'bench',
          received_at: at,
        });
      for (let t = from; t < now; t += 15 * 60_000) {
        for (const ind of INDICATORS) push(subject, ind, t);
      }
      // The rest, spread over the other products.
      while (rows.length < total) {
        const p =
          mesh.products[1 + Math.floor(rand() * (mesh.products.length - 1))];
        push(
          `dataproduct:default/${p.metadata.name}`,
          INDICATORS[Math.floor(rand() * 3)],
          from + Math.floor(rand() * 30 * DAY),
        );
      }
      await bulkInsert(db.knex, T.observations, rows, 8);
      rows.length = 0;
      // The hourly aggregates, as ingest maintains them.
      await db.knex.raw(
        `INSERT INTO ${T.obsHourly} (subject, indicator, hour, count, sum, min, max, last_value, last_at)
         SELECT subject, indicator, CAST(observed_at / ${H} AS INTEGER) AS hour, COUNT(*), SUM(value),
                MIN(value), MAX(value), MAX(value), MAX(observed_at)
         FROM ${T.observations} GROUP BY subject, indicator, CAST(observed_at / ${H} AS INTEGER)`,
      );
      // Its pipeline: a run an hour, for freshness and availability.
      const hourly: object[] = [];
      const refreshes: object[] = [];
      for (let t = from; t < now; t += H) {
        hourly.push({
          job_id: 'bench/product-1.build',
          hour: Math.floor(t / H),
          complete_count: 1,
        });
        refreshes.push({
          subject: 'ol-job:bench/product-1.build',
          at: t + 600_000,
        });
      }
      await bulkInsert(db.knex, T.jobHourly, hourly, 3);
      await bulkInsert(db.knex, T.refreshes, refreshes, 2);
      if (db.name === 'PostgreSQL') await db.knex.raw('ANALYZE');

      const store = new ObservedStore(db.knex);
      const slos = [
        { indicator: 'freshness', objective: '2h' },
        { indicator: 'availability', objective: '99%', window: '30d' },
        ...INDICATORS.map(indicator => ({
          indicator,
          objective: '99.5%',
          window: '30d',
        })),
      ];
      const options = { defaultWindow: '30d', freshnessTarget: 0.99 };
      const load = (t: number, indicators: string[]) =>
        store.sloData({
          productRef: subject,
          datasetIds: [],
          runs: {
            annotatedJobIds: ['bench/product-1.build'],
            outputSets: [],
            fallbackJobIds: ['bench/product-1.build'],
          },
          indicators,
          windowStart: t - 30 * DAY,
          now: t,
        });
      const ours = await measure(
        async () => {
          const t = Date.now();
          const data = await load(t, INDICATORS);
          return slos.map(s =>
            computeSloStatus(s, data, { ...options, now: t }),
          );
        },
        { repetitions: 200, warmup: 10 },
      );
      // The same five statuses, with the observations bucketed from the raw rows.
      const raw = await measure(
        async () => {
          const t = Date.now();
          const data = await load(t, []);
          const found = await db
            .knex(T.observations)
            .where('subject', subject)
            .whereIn('indicator', INDICATORS)
            .andWhere('observed_at', '>=', t - 30 * DAY)
            .orderBy('observed_at')
            .select('indicator', 'value', 'observed_at');
          for (const r of found) {
            const hour = Math.floor(Number(r.observed_at) / H);
            const list = data.observationHours.get(r.indicator) ?? [];
            let h = list[list.length - 1];
            if (!h || h.hour !== hour) {
              h = {
                hour,
                count: 0,
                sum: 0,
                min: Infinity,
                max: -Infinity,
                lastValue: 0,
                lastAt: 0,
              };
              list.push(h);
            }
            const v = Number(r.value);
            h.count++;
            h.sum += v;
            h.min = Math.min(h.min, v);
            h.max = Math.max(h.max, v);
            h.lastValue = v;
            h.lastAt = Number(r.observed_at);
            data.observationHours.set(r.indicator, list);
          }
          return slos.map(s =>
            computeSloStatus(s, data, { ...options, now: t }),
          );
        },
        { repetitions: 50, warmup: 3 },
      );
      const scenario = `5 SLO status (${db.name})`;
      out.push(
        {
          scenario,
          size,
          variant: 'from raw observations (5 SLOs)',
          median: median(raw),
          p99: p99(raw),
          unit: 'ms/product',
        },
        {
          scenario,
          size,
          variant: 'from hourly aggregates (5 SLOs)',
          median: median(ours),
          p99: p99(ours),
          unit: 'ms/product',
          baselineOf: 'from raw observations (5 SLOs)',
          target: 'p99 < 50 ms',
          note: `${total.toLocaleString('en-US')} observations stored`,
        },
      );
    } finally {
      await db.dispose();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------

function growth(ctx: BenchContext, rows: Row[]) {
  for (const r of rows.filter(x => x.size === 'L')) {
    const s = rows.find(
      x =>
        x.size === 'S' && x.scenario === r.scenario && x.variant === r.variant,
    );
    if (s) {
      ctx.log(
        `growth S->L ${r.scenario} / ${r.variant}: ${(
          r.median / s.median
        ).toFixed(2)}x (median ${s.median.toPrecision(
          3,
        )} -> ${r.median.toPrecision(3)} ${r.unit})`,
      );
    }
  }
}

async function runFor(
  ctx: BenchContext,
  fn: (ctx: BenchContext, size: MeshSize) => Promise<Row[]>,
) {
  const rows: Row[] = [];
  for (const size of ctx.sizes) rows.push(...(await fn(ctx, size)));
  growth(ctx, rows);
  return rows;
}

export const observedLineage = {
  id: 3,
  title: 'lineage, 5 hops upstream',
  run: (ctx: BenchContext) => runFor(ctx, lineageRows),
};

export const observedIngest = {
  id: 4,
  title: 'OpenLineage ingest',
  run: (ctx: BenchContext) => runFor(ctx, ingestRows),
};

export const observedSlo = {
  id: 5,
  title: 'SLO status of one product, 1M observations stored',
  run: (ctx: BenchContext) => runFor(ctx, sloRows),
};
