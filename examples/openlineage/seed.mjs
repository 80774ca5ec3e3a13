#!/usr/bin/env node
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
 * Sends 30 days of OpenLineage run events for the example mesh (examples/mesh) through
 * the same ingest path a pipeline uses, so a fresh portal shows SLOs and observed lineage:
 *
 *   node examples/openlineage/seed.mjs \
 *     --url http://localhost:7007/api/data-mesh/openlineage --token $MESHWORK_INGEST_TOKEN
 *
 * Options: --days N (default 30), --now <ISO time> (default: now), --dry-run (print what
 * would be sent). Needs Node 18+ and nothing else; reads nothing but its arguments.
 *
 * What it sends: for each product's pipeline (the job its annotations name), runs on its
 * schedule (a START and a COMPLETE or FAIL event each, mostly COMPLETE), reading the
 * datasets of the products it declares as inputs and the operational sources' tables, and
 * writing its output port locations, with dataQualityMetrics / dataQualityAssertions
 * facets for products with completeness or accuracy SLOs. Two drifts are built in:
 * customer-segments also reads the orders dataset, which it does not declare, and
 * customer-360 never reads product-usage-events, which it declares. A BI dashboard job
 * outside the mesh reads the sales KPIs (a consumer).
 *
 * Everything is derived from the product, the run's time slot and nothing random, so run
 * ids and events are the same every time: sending again stores nothing new, apart from
 * runs that fell due since.
 */

import { createHash } from 'node:crypto';

const PRODUCER =
  'https://github.com/meshwork/meshwork/tree/main/examples/openlineage/seed.mjs';
const SCHEMA_URL =
  'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const FACETS = 'https://openlineage.io/spec/facets';
const KAFKA = 'kafka://kafka.shopco.internal:9092';
const WAREHOUSE = 'postgres://warehouse.shopco.internal:5432';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------
// The example mesh's pipelines: job, schedule, inputs (product outputs and source tables),
// outputs (output port locations), quality facets, failure rate.

const loc = {
  profiles: 's3://shopco-lake/customer/profiles',
  c360: 's3://shopco-lake/customer/customer-360',
  c360Topic: 'kafka://customer.customer-360.v2',
  churn: 's3://shopco-lake/customer/churn-scores',
  products: 's3://shopco-lake/catalog/products',
  stockTopic: 'kafka://inventory.levels.v1',
  stock: 's3://shopco-lake/catalog/stock_snapshot',
  sessions: 's3://shopco-lake/digital/sessions_daily',
  clickstream: 'kafka://clickstream.v1',
  ledger: 's3://shopco-lake/finance/revenue_ledger',
  legacy: 's3://shopco-finance-exports/revenue/monthly',
  engagement: 's3://shopco-lake/marketing/engagement_daily',
  segments: 's3://shopco-marketing-exports/segments',
  orders: 's3://shopco-lake/sales/orders_daily',
  ordersTopic: 'kafka://orders.v3',
  payments: 's3://shopco-lake/sales/payments_daily',
  returns: 's3://shopco-lake/sales/returns_daily',
  kpis: 'warehouse.sales.kpis_daily',
  shipments: 's3://shopco-lake/shipment/shipments_daily',
  tracking: 'kafka://shipments.tracking.v1',
  carrierKpis: 'warehouse.shipment.carrier_kpis',
  tickets: 's3://shopco-lake/support/tickets',
};

const table = (db, name) => `postgres://${db}.shopco.internal:5432|${name}`;

/**
 * every: minutes between runs; at: minute offset within the cadence; duration: typical
 * minutes; fail: share of failed runs; completeness: typical share of values present;
 * accuracy: the checks the facets report.
 */
const PIPELINES = [
  {
    product: 'customer-profiles',
    job: ['shopco-customer', 'customer_profiles.ingest'],
    every: 60,
    at: 15,
    duration: 6,
    fail: 0.01,
    inputs: [
      table('crm-db', 'crm.public.accounts'),
      table('crm-db', 'crm.public.consents'),
    ],
    outputs: [loc.profiles],
    completeness: 0.997,
  },
  {
    product: 'customer-360',
    job: ['shopco-customer', 'customer_360.build'],
    every: 360,
    at: 0,
    duration: 12,
    fail: 0.04,
    // Declares product-usage-events too, but never reads it: drift.
    inputs: [
      loc.profiles,
      loc.orders,
      loc.engagement,
      loc.tickets,
      table('crm-db', 'crm.public.consents'),
    ],
    outputs: [loc.c360, loc.c360Topic],
  },
  {
    product: 'customer-churn-scores',
    job: ['shopco-customer', 'churn_scores.score'],
    every: 7 * 24 * 60,
    at: 3 * 60 + 4 * 24 * 60,
    duration: 40,
    fail: 0.1,
    inputs: [loc.c360, loc.tickets],
    outputs: [loc.churn],
  },
  {
    product: 'product-catalog',
    job: ['shopco-catalog', 'product_catalog.publish'],
    every: 120,
    at: 0,
    duration: 4,
    fail: 0.002,
    inputs: [table('catalog-db', 'catalog.public.products')],
    outputs: [loc.products],
  },
  {
    product: 'inventory-levels',
    job: ['shopco-catalog', 'inventory_levels.stream'],
    every: 5,
    at: 0,
    duration: 1,
    fail: 0.003,
    inputs: [table('inventory-db', 'inventory.public.stock_movements')],
    outputs: [loc.stockTopic, loc.stock],
  },
  {
    product: 'product-usage-events',
    job: ['shopco-digital', 'product_usage_events.sessionize'],
    every: 120,
    at: 10,
    duration: 15,
    fail: 0.01,
    inputs: [`${KAFKA}|web.clickstream.raw`, `${KAFKA}|mobile.events.raw`],
    outputs: [loc.sessions, loc.clickstream],
    completeness: 0.975,
  },
  {
    product: 'revenue-ledger',
    job: ['shopco-finance', 'revenue_ledger.reconcile'],
    every: 24 * 60,
    at: 3 * 60 + 30,
    duration: 25,
    fail: 0.02,
    inputs: [
      loc.orders,
      loc.payments,
      loc.returns,
      table('erp-db', 'erp.gl.journal_entries'),
    ],
    outputs: [loc.ledger],
    accuracy: [
      'ledger_balances',
      'debits_equal_credits',
      'no_orphan_payments',
      'fx_rates_present',
    ],
  },
  {
    product: 'legacy-revenue-report',
    job: ['shopco-finance', 'legacy_revenue_report.export'],
    every: 30 * 24 * 60,
    at: 6 * 60,
    duration: 30,
    fail: 0,
    inputs: [loc.ledger],
    outputs: [loc.legacy],
  },
  {
    product: 'campaign-engagement',
    job: ['shopco-marketing', 'campaign_engagement.ingest'],
    every: 24 * 60,
    at: 60,
    duration: 20,
    fail: 0.03,
    inputs: [
      table('campaign-db', 'campaigns.public.sends'),
      table('campaign-db', 'campaigns.public.clicks'),
    ],
    outputs: [loc.engagement],
    completeness: 0.985,
  },
  {
    product: 'customer-segments',
    job: ['shopco-marketing', 'customer_segments.build'],
    every: 24 * 60,
    at: 4 * 60,
    duration: 18,
    fail: 0.03,
    // Reads the orders dataset without declaring it: drift.
    inputs: [loc.c360, loc.engagement, loc.orders],
    outputs: [loc.segments],
  },
  {
    product: 'orders',
    job: ['shopco-sales', 'orders.ingest'],
    every: 30,
    at: 0,
    duration: 3,
    fail: 0.002,
    inputs: [
      table('orders-db', 'orders.public.orders'),
      table('orders-db', 'orders.public.order_lines'),
    ],
    outputs: [loc.orders, loc.ordersTopic],
    completeness: 0.9999,
  },
  {
    product: 'payments',
    job: ['shopco-sales', 'payments.ingest'],
    every: 60,
    at: 0,
    duration: 5,
    fail: 0.005,
    inputs: [table('payments-db', 'payments.public.captures')],
    outputs: [loc.payments],
    accuracy: ['amount_positive', 'currency_known', 'order_exists'],
  },
  {
    product: 'returns',
    job: ['shopco-sales', 'returns.ingest'],
    every: 24 * 60,
    at: 2 * 60,
    duration: 10,
    fail: 0.02,
    inputs: [table('orders-db', 'orders.public.returns')],
    outputs: [loc.returns],
  },
  {
    product: 'sales-performance',
    job: ['shopco-sales', 'sales_performance.build'],
    every: 24 * 60,
    at: 5 * 60,
    duration: 15,
    fail: 0.01,
    inputs: [loc.orders, loc.returns, loc.products, loc.engagement],
    outputs: [loc.kpis],
  },
  {
    product: 'shipments',
    job: ['shopco-shipment', 'shipments.ingest'],
    every: 15,
    at: 0,
    duration: 2,
    fail: 0.004,
    inputs: [
      table('shipment-db', 'shipments.public.shipments'),
      `${KAFKA}|carrier.webhooks.raw`,
    ],
    outputs: [loc.shipments, loc.tracking],
  },
  {
    product: 'delivery-performance',
    job: ['shopco-shipment', 'delivery_performance.build'],
    every: 24 * 60,
    at: 6 * 60,
    duration: 12,
    fail: 0.02,
    inputs: [loc.shipments, loc.orders],
    outputs: [loc.carrierKpis],
  },
  {
    product: 'support-tickets',
    job: ['shopco-support', 'support_tickets.ingest'],
    every: 60,
    at: 5,
    duration: 4,
    fail: 0.01,
    inputs: [table('ticketing-db', 'tickets.public.tickets')],
    outputs: [loc.tickets],
    completeness: 0.993,
  },
  // A consumer outside the mesh: the sales dashboard reads the KPIs every morning.
  {
    product: 'bi-dashboard',
    job: ['shopco-bi', 'dashboards.refresh_sales'],
    every: 24 * 60,
    at: 7 * 60,
    duration: 3,
    fail: 0.01,
    inputs: [loc.kpis],
    outputs: [],
  },
];

// ---------------------------------------------------------------------------------------

/** An OpenLineage dataset for a port location or a `namespace|name` table. */
function dataset(location) {
  if (location.includes('|')) {
    const [namespace, name] = location.split('|');
    return { namespace, name };
  }
  const kafka = /^kafka:\/\/(.+)$/.exec(location);
  if (kafka) return { namespace: KAFKA, name: kafka[1] };
  const uri = /^([a-z0-9+.-]+:\/\/[^/]+)\/(.+)$/i.exec(location);
  if (uri) return { namespace: uri[1], name: uri[2] };
  return { namespace: WAREHOUSE, name: location };
}

/** A number in [0, 1) derived from the text. */
function unit(text) {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

function uuid(text) {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

const facet = (name, version) => ({
  _producer: PRODUCER,
  _schemaURL: `${FACETS}/${version}/${name}.json#/$defs/${name}`,
});

function qualityFacets(pipeline, seed) {
  const facets = {};
  if (pipeline.completeness !== undefined) {
    const rowCount = 20_000 + Math.floor(unit(`${seed}:rows`) * 80_000);
    // Mostly around the typical value, sometimes a bad load.
    const gap = 1 - pipeline.completeness;
    const dip = unit(`${seed}:dip`) < 0.03 ? gap * 3 : 0;
    const completeness = Math.max(
      0,
      pipeline.completeness - dip + (unit(`${seed}:noise`) - 0.5) * gap,
    );
    // Missing values: most in email, the rest in country.
    const columns = ['id', 'created_at', 'customer_id', 'email', 'country'];
    const nulls = Math.round(
      (1 - Math.min(1, completeness)) * rowCount * columns.length,
    );
    const nullCounts = {
      email: Math.floor(nulls * 0.8),
      country: nulls - Math.floor(nulls * 0.8),
    };
    const columnMetrics = Object.fromEntries(
      columns.map((c, i) => [
        c,
        {
          nullCount: nullCounts[c] ?? 0,
          distinctCount: Math.floor(rowCount * (i === 0 ? 1 : 0.6)),
        },
      ]),
    );
    facets.dataQualityMetrics = {
      ...facet('DataQualityMetricsDatasetFacet', '1-0-2'),
      rowCount,
      bytes: rowCount * 180,
      columnMetrics,
    };
  }
  if (pipeline.accuracy) {
    facets.dataQualityAssertions = {
      ...facet('DataQualityAssertionsDatasetFacet', '1-0-1'),
      assertions: pipeline.accuracy.map((assertion, i) => ({
        assertion,
        // Now and then one check fails.
        success: unit(`${seed}:${assertion}`) > (i === 0 ? 0.06 : 0.01),
      })),
    };
  }
  return facets;
}

/** The time slots a pipeline ran in, within [from, now]. */
function slots(pipeline, from, now) {
  const out = [];
  const step = pipeline.every * MIN;
  const offset = pipeline.at * MIN;
  for (
    let t = Math.ceil((from - offset) / step) * step + offset;
    t <= now;
    t += step
  ) {
    out.push(t);
  }
  return out;
}

function eventsOf(pipeline, slot, now) {
  const seed = `${pipeline.product}:${new Date(slot).toISOString()}`;
  const runId = uuid(seed);
  const duration = Math.max(
    20_000,
    Math.round(
      pipeline.duration * MIN * (0.9 + unit(`${seed}:duration`) * 0.2),
    ),
  );
  const failed = unit(`${seed}:outcome`) < pipeline.fail;
  const end = slot + (failed ? Math.round(duration * 0.4) : duration);
  const job = {
    namespace: pipeline.job[0],
    name: pipeline.job[1],
    facets: {
      jobType: {
        ...facet('JobTypeJobFacet', '2-0-3'),
        processingType: pipeline.every < 60 ? 'STREAMING' : 'BATCH',
        integration: 'SPARK',
        jobType: 'JOB',
      },
    },
  };
  const inputs = pipeline.inputs.map(dataset);
  const outputs = pipeline.outputs.map(dataset);
  const base = { producer: PRODUCER, schemaURL: SCHEMA_URL, job };
  const events = [
    {
      ...base,
      eventType: 'START',
      eventTime: new Date(slot).toISOString(),
      run: {
        runId,
        facets: {
          nominalTime: {
            ...facet('NominalTimeRunFacet', '1-0-1'),
            nominalStartTime: new Date(slot).toISOString(),
          },
        },
      },
      inputs,
      outputs,
    },
  ];
  if (end > now) return events; // still running
  const quality = failed ? {} : qualityFacets(pipeline, seed);
  events.push({
    ...base,
    eventType: failed ? 'FAIL' : 'COMPLETE',
    eventTime: new Date(end).toISOString(),
    run: {
      runId,
      facets: failed
        ? {
            errorMessage: {
              ...facet('ErrorMessageRunFacet', '1-0-1'),
              message: `${pipeline.job[1]} failed: ${
                unit(`${seed}:why`) < 0.5
                  ? 'upstream data not ready'
                  : 'executor lost'
              }`,
              programmingLanguage: 'python',
            },
          }
        : {},
    },
    inputs,
    outputs: outputs.map((o, i) =>
      i === 0 && Object.keys(quality).length ? { ...o, facets: quality } : o,
    ),
  });
  return events;
}

// ---------------------------------------------------------------------------------------

function args(argv) {
  const out = { days: 30, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--url') out.url = argv[++i];
    else if (a === '--token') out.token = argv[++i];
    else if (a === '--days') out.days = Number(argv[++i]);
    else if (a === '--now') out.now = Date.parse(argv[++i]);
    else if (a === '--dry-run') out.dryRun = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else throw new Error(`Unknown argument ${a}`);
  }
  return out;
}

async function send(url, token, batch) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(batch),
      });
      const text = await res.text();
      if (res.ok) return JSON.parse(text);
      if (res.status < 500 || attempt >= 5) {
        throw new Error(
          `${res.status} ${res.statusText}: ${text.slice(0, 500)}`,
        );
      }
    } catch (e) {
      if (attempt >= 5 || e.message?.match(/^\d{3} /)) throw e;
    }
    await new Promise(r => setTimeout(r, attempt * 1000));
  }
}

async function main() {
  const opts = args(process.argv.slice(2));
  if (opts.help || (!opts.dryRun && (!opts.url || !opts.token))) {
    console.log(
      'usage: node examples/openlineage/seed.mjs --url <portal>/api/data-mesh/openlineage --token <ingest token> [--days 30] [--now <ISO time>] [--dry-run]',
    );
    process.exit(opts.help ? 0 : 2);
  }
  if (!(opts.days > 0) || (opts.now !== undefined && Number.isNaN(opts.now))) {
    throw new Error('--days takes a positive number and --now an ISO time');
  }
  const now = Math.floor((opts.now ?? Date.now()) / MIN) * MIN;
  const from = now - opts.days * DAY;
  const events = [];
  for (const p of PIPELINES) {
    for (const slot of slots(p, from, now))
      events.push(...eventsOf(p, slot, now));
  }
  events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  if (opts.dryRun) {
    const runs = new Set(events.map(e => e.run.runId)).size;
    const failed = events.filter(e => e.eventType === 'FAIL').length;
    console.log(
      `${events.length} events, ${runs} runs, ${failed} failed, from ${new Date(
        from,
      ).toISOString()}`,
    );
    return;
  }
  const endpoint = `${opts.url.replace(/\/+$/, '')}/api/v1/lineage`;
  const total = { received: 0, stored: 0, duplicates: 0 };
  for (let i = 0; i < events.length; i += 500) {
    const r = await send(endpoint, opts.token, events.slice(i, i + 500));
    total.received += r.received;
    total.stored += r.stored;
    total.duplicates += r.duplicates;
  }
  console.log(
    `[seed] OpenLineage: ${total.received} events sent, ${total.stored} stored, ${total.duplicates} already there`,
  );
}

main().catch(e => {
  console.error(`[seed] error: ${e.message}`);
  process.exit(1);
});
