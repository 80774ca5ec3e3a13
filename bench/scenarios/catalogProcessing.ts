/**
 * Scenario 6: catalog processing of a mesh with Meshwork's processor.
 *
 * (a) The processor alone: validating and emitting relations for every product, against
 *     Backstage's built-in processor doing the same for the same entities as Components.
 * (b) The real catalog backend on SQLite reading the mesh from a YAML file, until every
 *     entity is processed and stitched, against the same entities as plain Components
 *     without the module.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { BuiltinKindsEntityProcessor } from '@backstage/plugin-catalog-backend';
import catalogModuleDataMesh, {
  DataMeshEntitiesProcessor,
} from '@meshwork/plugin-catalog-backend-module-data-mesh';
import { stringify } from 'yaml';
import { measure, median, p99, Row } from '../lib/stats';
import { asComponents, generateMesh, MeshSize } from '../lib/syntheticMesh';
import type { BenchContext } from '../index';

const location = { type: 'file', target: '/bench/mesh.yaml' };
const noop = () => {};

async function processAll(
  processor: {
    validateEntityKind?(e: Entity): Promise<boolean>;
    postProcessEntity?(e: Entity, l: any, emit: any, c?: any): Promise<Entity>;
  },
  entities: Entity[],
) {
  let valid = 0;
  for (const e of entities) {
    if (await processor.validateEntityKind!(e)) valid++;
    await processor.postProcessEntity!(e, location, noop, undefined as any);
  }
  return valid;
}

async function processorRows(size: MeshSize, reps: number): Promise<Row[]> {
  const mesh = generateMesh(size);
  const components = asComponents(mesh.products);
  const ours = new DataMeshEntitiesProcessor();
  const builtin = new BuiltinKindsEntityProcessor();
  const validOurs = await processAll(ours, mesh.products);
  const validBuiltin = await processAll(builtin, components);
  if (
    validOurs !== mesh.products.length ||
    validBuiltin !== components.length
  ) {
    throw new Error(
      `synthetic mesh is not valid: ${validOurs}/${mesh.products.length} products, ${validBuiltin}/${components.length} components`,
    );
  }
  const n = mesh.products.length;
  const tOurs = await measure(() => processAll(ours, mesh.products), {
    repetitions: reps,
  });
  const tBuiltin = await measure(() => processAll(builtin, components), {
    repetitions: reps,
  });
  const perEntity = (xs: number[]) => xs.map(x => x / n);
  return [
    {
      scenario: '6a processor',
      size,
      variant: 'built-in processor, as Components',
      median: median(perEntity(tBuiltin)),
      p99: p99(perEntity(tBuiltin)),
      unit: 'ms/entity',
    },
    {
      scenario: '6a processor',
      size,
      variant: 'DataMeshEntitiesProcessor',
      median: median(perEntity(tOurs)),
      p99: p99(perEntity(tOurs)),
      unit: 'ms/entity',
      baselineOf: 'built-in processor, as Components',
      target: '< 0.2 ms/entity added',
    },
  ];
}

/** Processes `entities` through a real catalog on SQLite; returns seconds until done. */
async function catalogRun(
  entities: Entity[],
  withModule: boolean,
  expectKind: string,
  expectCount: number,
): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-'));
  const file = path.join(dir, 'mesh.yaml');
  fs.writeFileSync(file, entities.map(e => stringify(e)).join('---\n'));
  const t0 = Date.now();
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      ...(withModule ? [catalogModuleDataMesh] : []),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'Domain',
                  'DataProduct',
                  'Group',
                  'Location',
                ],
              },
            ],
            locations: [{ type: 'file', target: file }],
          },
        },
      }),
    ],
  });
  try {
    const base = `http://localhost:${backend.server.port()}/api/catalog`;
    const last = entities[entities.length - 1];
    const lastRef = stringifyEntityRef(last);
    for (;;) {
      const res = await fetch(
        `${base}/entities/by-query?filter=kind=${expectKind}&limit=1`,
      );
      const body = (await res.json()) as { totalItems: number };
      if (body.totalItems >= expectCount) {
        // Stitched: the last entity carries its relations.
        const e = await fetch(`${base}/entities/by-refs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ entityRefs: [lastRef] }),
        }).then(r => r.json() as Promise<{ items: (Entity | null)[] }>);
        if ((e.items[0]?.relations?.length ?? 0) > 0) break;
      }
      if (Date.now() - t0 > 20 * 60_000) {
        throw new Error(
          `catalog did not converge in 20 minutes (${body.totalItems}/${expectCount})`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
    return (Date.now() - t0) / 1000;
  } finally {
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function catalogRows(size: MeshSize): Promise<Row[]> {
  const mesh = generateMesh(size);
  const support = [...mesh.groups, ...mesh.sources];
  const components = asComponents(mesh.products);
  const baseline = await catalogRun(
    [...support, ...components],
    false,
    'component',
    components.length + mesh.sources.length,
  );
  const ours = await catalogRun(
    [...support, ...mesh.domains, ...mesh.products],
    true,
    'dataproduct',
    mesh.products.length,
  );
  return [
    {
      scenario: '6b catalog (SQLite)',
      size,
      variant: 'plain Components, no module',
      median: baseline,
      unit: 's to processed+stitched',
      note: `${components.length} entities`,
    },
    {
      scenario: '6b catalog (SQLite)',
      size,
      variant: 'DataProducts + Domains with module',
      median: ours,
      unit: 's to processed+stitched',
      baselineOf: 'plain Components, no module',
      target: 'L < 300 s',
      note: `${mesh.products.length + mesh.domains.length} entities`,
    },
  ];
}

export const catalogProcessing = {
  id: 6,
  title: 'catalog processing',
  async run(ctx: BenchContext): Promise<Row[]> {
    const rows: Row[] = [];
    for (const size of ctx.sizes) {
      ctx.log(`scenario 6a (processor) on ${size}`);
      rows.push(...(await processorRows(size, size === 'L' ? 5 : 10)));
    }
    for (const size of ctx.sizes) {
      ctx.log(
        `scenario 6b (real catalog on SQLite) on ${size}: this takes a while`,
      );
      rows.push(...(await catalogRows(size)));
    }
    return rows;
  },
};
