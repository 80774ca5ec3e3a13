/*
 * `npm run bench`: Meshwork's benchmarks (shared/performance.md). Each scenario
 * measures itself and a baseline in the same run and prints medians, p99 and ratios.
 *
 *   npm run bench                      every scenario, sizes S and L
 *   npm run bench -- --size S          only the S mesh
 *   npm run bench -- --scenario 6      only scenario 6 (comma-separate several)
 */
import fs from 'node:fs';
import path from 'node:path';
import { printTable, Row } from './lib/stats';
import type { MeshSize } from './lib/syntheticMesh';
import { catalogProcessing } from './scenarios/catalogProcessing';
import {
  frontendWeightScenario,
  lineageCardScenario,
} from './scenarios/frontend';
import { policyEvaluation, policyReevaluation } from './scenarios/policies';
import {
  portalLoad,
  portalMemory,
  portalPages,
  portalRollUps,
} from './scenarios/portal';
import {
  observedIngest,
  observedLineage,
  observedSlo,
} from './scenarios/observed';

export interface BenchContext {
  sizes: MeshSize[];
  log(msg: string): void;
}

interface Scenario {
  id: number;
  title: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

const scenarios: Scenario[] = [
  policyEvaluation,
  policyReevaluation,
  observedLineage,
  observedIngest,
  observedSlo,
  catalogProcessing,
  lineageCardScenario,
  frontendWeightScenario,
  portalMemory,
  portalLoad,
  portalPages,
  portalRollUps,
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const sizes = (arg('size') ?? 'S,L')
    .split(',')
    .map(s => s.trim().toUpperCase());
  for (const s of sizes) {
    if (s !== 'S' && s !== 'L') {
      throw new Error(`--size takes S, L or S,L; got "${s}"`);
    }
  }
  const only = arg('scenario')
    ?.split(',')
    .map(s => Number(s.trim()));
  const known = scenarios.map(s => s.id);
  for (const id of only ?? []) {
    if (!known.includes(id)) {
      throw new Error(`--scenario ${id} is not one of ${known.join(', ')}`);
    }
  }
  const ctx: BenchContext = {
    sizes: sizes as MeshSize[],
    log: msg => console.error(`[bench] ${msg}`),
  };
  const rows: Row[] = [];
  for (const s of scenarios) {
    if (only && !only.includes(s.id)) continue;
    ctx.log(`scenario ${s.id}: ${s.title}`);
    rows.push(...(await s.run(ctx)));
  }
  const table = printTable(rows);
  console.log(
    `\nMeshwork benchmarks (${new Date().toISOString()}, node ${
      process.version
    })\n`,
  );
  console.log(table);
  const out = path.join(__dirname, '..', 'artifacts', 'bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'results.md'), `${table}\n`);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
