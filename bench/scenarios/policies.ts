/**
 * Scenarios 1 and 2: policies as code.
 *
 * 1. Twenty policies over every product of the mesh, through Meshwork's engine, against
 *    the same twenty checks hand-written in JavaScript (the floor), in json-rules-engine
 *    (what Backstage Tech Insights uses), and through @bufbuild/cel's interpreter (metered
 *    the way Meshwork runs the rules the code generator does not cover).
 * 2. Re-evaluating one product after a change: the full evaluation (applicability,
 *    rules, waivers, result rows, score) of a product object never seen before.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  BUILTIN_POLICY_IDS,
  compileRuleWith,
  createPolicyEngine,
  evaluatePolicyRules,
  prepareRuleInput,
} from '@meshwork/plugin-data-mesh-node';
import { Engine } from 'json-rules-engine';
import { measure, median, p99, Row } from '../lib/stats';
import { generateMesh, MeshSize } from '../lib/syntheticMesh';
import type { BenchContext } from '../index';

const CONF = ['confidential', 'restricted'];
type Spec = Record<string, any>;

/** One check in three languages; `applies` and `jreApplies` decide applicability. */
interface Check {
  id: string;
  appliesTo?: object;
  applies?: (e: Entity, s: Spec) => boolean;
  jreApplies?: object;
  cel: string;
  js: (e: Entity, s: Spec) => boolean;
  jre: object;
}

const nonEmpty = (path: string) => ({
  fact: 'entity',
  path,
  operator: 'nonEmpty',
  value: true,
});
const sec = (field: string) =>
  `has(spec.infrastructure) && has(spec.infrastructure.security) && has(spec.infrastructure.security.${field}) && spec.infrastructure.security.${field} == true`;
const jsSec = (s: Spec, field: string) =>
  s.infrastructure?.security?.[field] === true;
const isConf = {
  fact: 'entity',
  path: '$.spec.classification',
  operator: 'in',
  value: CONF,
};

export const CHECKS: Check[] = [
  {
    id: 'owner-assigned',
    cel: 'has(spec.owner) && size(spec.owner) > 0',
    js: (_, s) => typeof s.owner === 'string' && s.owner.length > 0,
    jre: { all: [nonEmpty('$.spec.owner')] },
  },
  {
    id: 'domain-assigned',
    cel: 'has(spec.domain) && size(spec.domain) > 0',
    js: (_, s) => typeof s.domain === 'string' && s.domain.length > 0,
    jre: { all: [nonEmpty('$.spec.domain')] },
  },
  {
    id: 'encryption-at-rest',
    appliesTo: { 'spec.classification': { $in: CONF } },
    applies: (_, s) => CONF.includes(s.classification),
    jreApplies: { all: [isConf] },
    cel: sec('encryptionAtRest'),
    js: (_, s) => jsSec(s, 'encryptionAtRest'),
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.infrastructure.security.encryptionAtRest',
          operator: 'equal',
          value: true,
        },
      ],
    },
  },
  {
    id: 'pii-masking',
    appliesTo: { 'spec.containsPii': true },
    applies: (_, s) => s.containsPii === true,
    jreApplies: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.containsPii',
          operator: 'equal',
          value: true,
        },
      ],
    },
    cel: `(has(spec.classification) && spec.classification in ["confidential","restricted"]) || (${sec(
      'piiMasking',
    )})`,
    js: (_, s) => CONF.includes(s.classification) || jsSec(s, 'piiMasking'),
    jre: {
      any: [
        isConf,
        {
          fact: 'entity',
          path: '$.spec.infrastructure.security.piiMasking',
          operator: 'equal',
          value: true,
        },
      ],
    },
  },
  {
    id: 'data-lineage',
    appliesTo: { 'spec.type': { $in: ['aggregate', 'consumer-aligned'] } },
    applies: (_, s) => s.type === 'aggregate' || s.type === 'consumer-aligned',
    jreApplies: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.type',
          operator: 'in',
          value: ['aggregate', 'consumer-aligned'],
        },
      ],
    },
    cel: 'has(spec.inputPorts) && size(spec.inputPorts) > 0',
    js: (_, s) => Array.isArray(s.inputPorts) && s.inputPorts.length > 0,
    jre: { all: [nonEmpty('$.spec.inputPorts')] },
  },
  {
    id: 'quality-slo',
    cel: 'has(spec.slos) && size(spec.slos) > 0',
    js: (_, s) => Array.isArray(s.slos) && s.slos.length > 0,
    jre: { all: [nonEmpty('$.spec.slos')] },
  },
  {
    id: 'quality-checks',
    cel: 'has(spec.quality) && has(spec.quality.checks) && size(spec.quality.checks) > 0',
    js: (_, s) =>
      Array.isArray(s.quality?.checks) && s.quality.checks.length > 0,
    jre: { all: [nonEmpty('$.spec.quality.checks')] },
  },
  {
    id: 'retention-policy',
    cel: 'has(spec.retentionDays) && spec.retentionDays > 0 && (!(has(spec.containsPii) && spec.containsPii == true) || spec.retentionDays <= 3650)',
    js: (_, s) =>
      typeof s.retentionDays === 'number' &&
      s.retentionDays > 0 &&
      (s.containsPii !== true || s.retentionDays <= 3650),
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.retentionDays',
          operator: 'greaterThan',
          value: 0,
        },
        {
          any: [
            {
              fact: 'entity',
              path: '$.spec.containsPii',
              operator: 'notEqual',
              value: true,
            },
            {
              fact: 'entity',
              path: '$.spec.retentionDays',
              operator: 'lessThanInclusive',
              value: 3650,
            },
          ],
        },
      ],
    },
  },
  {
    id: 'audit-logging',
    appliesTo: {
      $any: [
        { 'spec.classification': { $in: CONF } },
        { 'spec.containsPii': true },
      ],
    },
    applies: (_, s) =>
      CONF.includes(s.classification) || s.containsPii === true,
    jreApplies: {
      any: [
        isConf,
        {
          fact: 'entity',
          path: '$.spec.containsPii',
          operator: 'equal',
          value: true,
        },
      ],
    },
    cel: sec('auditLogging'),
    js: (_, s) => jsSec(s, 'auditLogging'),
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.infrastructure.security.auditLogging',
          operator: 'equal',
          value: true,
        },
      ],
    },
  },
  {
    id: 'description-present',
    cel: 'has(metadata.description) && size(metadata.description) > 0',
    js: e =>
      typeof e.metadata.description === 'string' &&
      e.metadata.description.length > 0,
    jre: { all: [nonEmpty('$.metadata.description')] },
  },
  {
    id: 'version-set',
    cel: 'has(spec.version) && size(spec.version) > 0',
    js: (_, s) => typeof s.version === 'string' && s.version.length > 0,
    jre: { all: [nonEmpty('$.spec.version')] },
  },
  {
    id: 'output-ports-declared',
    cel: 'has(spec.outputPorts) && size(spec.outputPorts) > 0',
    js: (_, s) => Array.isArray(s.outputPorts) && s.outputPorts.length > 0,
    jre: { all: [nonEmpty('$.spec.outputPorts')] },
  },
  {
    id: 'output-port-location',
    cel: 'has(spec.outputPorts) && spec.outputPorts.all(p, has(p.location))',
    js: (_, s) =>
      Array.isArray(s.outputPorts) &&
      s.outputPorts.every((p: any) => p.location !== undefined),
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.outputPorts',
          operator: 'allHave',
          value: 'location',
        },
      ],
    },
  },
  {
    id: 'lifecycle-not-retired',
    cel: "!has(spec.lifecycle) || spec.lifecycle != 'retired'",
    js: (_, s) => s.lifecycle !== 'retired',
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.lifecycle',
          operator: 'notEqual',
          value: 'retired',
        },
      ],
    },
  },
  {
    id: 'classification-set',
    cel: 'has(spec.classification)',
    js: (_, s) => s.classification !== undefined,
    jre: { all: [nonEmpty('$.spec.classification')] },
  },
  {
    id: 'owner-is-group',
    cel: "has(spec.owner) && spec.owner.startsWith('group:')",
    js: (_, s) => typeof s.owner === 'string' && s.owner.startsWith('group:'),
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.owner',
          operator: 'startsWith',
          value: 'group:',
        },
      ],
    },
  },
  {
    id: 'freshness-slo',
    appliesTo: { 'spec.lifecycle': 'production' },
    applies: (_, s) => s.lifecycle === 'production',
    jreApplies: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.lifecycle',
          operator: 'equal',
          value: 'production',
        },
      ],
    },
    cel: "has(spec.slos) && spec.slos.exists(s, s.indicator == 'freshness')",
    js: (_, s) =>
      Array.isArray(s.slos) &&
      s.slos.some((x: any) => x.indicator === 'freshness'),
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.slos',
          operator: 'anyIndicator',
          value: 'freshness',
        },
      ],
    },
  },
  {
    id: 'tags-present',
    cel: 'has(metadata.tags) && size(metadata.tags) > 0',
    js: e => Array.isArray(e.metadata.tags) && e.metadata.tags.length > 0,
    jre: { all: [nonEmpty('$.metadata.tags')] },
  },
  {
    id: 'processing-engine',
    cel: 'has(spec.infrastructure) && has(spec.infrastructure.processing) && has(spec.infrastructure.processing.engine)',
    js: (_, s) => s.infrastructure?.processing?.engine !== undefined,
    jre: { all: [nonEmpty('$.spec.infrastructure.processing.engine')] },
  },
  {
    id: 'access-control-rbac',
    appliesTo: { 'spec.classification': 'restricted' },
    applies: (_, s) => s.classification === 'restricted',
    jreApplies: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.classification',
          operator: 'equal',
          value: 'restricted',
        },
      ],
    },
    cel: "has(spec.infrastructure) && has(spec.infrastructure.security) && has(spec.infrastructure.security.accessControl) && spec.infrastructure.security.accessControl == 'rbac'",
    js: (_, s) => s.infrastructure?.security?.accessControl === 'rbac',
    jre: {
      all: [
        {
          fact: 'entity',
          path: '$.spec.infrastructure.security.accessControl',
          operator: 'equal',
          value: 'rbac',
        },
      ],
    },
  },
];

/** The engine with exactly these twenty checks (built-ins off, the checks as globals). */
function meshworkEngine() {
  const engine = createPolicyEngine({
    config: {
      builtinEnabled: Object.fromEntries(
        BUILTIN_POLICY_IDS.map(id => [id, false]),
      ),
      global: CHECKS.map(c => ({
        id: `bench-${c.id}`,
        title: c.id,
        severity: 'required',
        ...(c.appliesTo ? { appliesTo: c.appliesTo } : {}),
        rule: c.cel,
        message: `${c.id} failed`,
      })) as any,
    },
  });
  if (engine.loadErrors.length) {
    throw new Error(
      `bench policies failed to load: ${JSON.stringify(engine.loadErrors)}`,
    );
  }
  return engine;
}

function jsonRulesEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('nonEmpty', (v: any) =>
    typeof v === 'string' || Array.isArray(v)
      ? v.length > 0
      : v !== undefined && v !== null,
  );
  engine.addOperator(
    'allHave',
    (v: any, field: any) =>
      Array.isArray(v) && v.every(x => x && x[field] !== undefined),
  );
  engine.addOperator(
    'startsWith',
    (v: any, prefix: any) => typeof v === 'string' && v.startsWith(prefix),
  );
  engine.addOperator(
    'anyIndicator',
    (v: any, ind: any) =>
      Array.isArray(v) && v.some(x => x && x.indicator === ind),
  );
  for (const c of CHECKS) {
    // Passes when the policy does not apply or its condition holds.
    const conditions = c.jreApplies
      ? { any: [{ not: c.jreApplies }, c.jre] }
      : c.jre;
    engine.addRule({
      name: c.id,
      conditions: conditions as any,
      event: { type: 'pass' },
    });
  }
  return engine;
}

async function scenario1(size: MeshSize, ctx: BenchContext): Promise<Row[]> {
  const { products } = generateMesh(size);
  const n = products.length;
  const checks = n * CHECKS.length;
  const engine = meshworkEngine();
  const policies = engine.effectivePolicies().policies;
  // The interpreter path of the engine, for the same checks: what a rule outside the
  // generated subset costs.
  const interpreted = CHECKS.map(c => compileRuleWith('interpreted', c.cel));

  // The languages must agree before their speed means anything.
  let disagreements = 0;
  for (const e of products) {
    const ours = evaluatePolicyRules(policies, e);
    const s = e.spec as Spec;
    CHECKS.forEach((c, i) => {
      const byJs = !c.applies || c.applies(e, s) ? c.js(e, s) : undefined;
      const byUs = ours[i] === undefined ? undefined : ours[i] === true;
      if (byJs !== byUs) disagreements++;
    });
  }
  if (disagreements) {
    throw new Error(
      `Meshwork and hand-written JS disagree on ${disagreements} checks`,
    );
  }

  const runMeshwork = () => {
    for (const e of products) evaluatePolicyRules(policies, e);
  };
  const runJs = () => {
    let passed = 0;
    for (const e of products) {
      const s = e.spec as Spec;
      for (const c of CHECKS) {
        if ((!c.applies || c.applies(e, s)) && c.js(e, s)) passed++;
      }
    }
    return passed;
  };
  const runInterpreted = () => {
    for (const e of products) {
      const input = prepareRuleInput(e);
      for (let i = 0; i < interpreted.length; i++) {
        if (policies[i].appliesToEntity(e)) interpreted[i].evaluate(input);
      }
    }
  };
  const runFullEngine = () => {
    for (const e of products) engine.evaluate(e);
  };
  const jre = jsonRulesEngine();
  const runJre = async () => {
    for (const e of products) await jre.run({ entity: e });
  };

  ctx.log(
    `  ${size}: ${n} products x ${CHECKS.length} policies = ${checks} checks`,
  );
  const reps = size === 'L' ? 5 : 15;
  const tJs = await measure(runJs, { repetitions: reps });
  const tOurs = await measure(runMeshwork, { repetitions: reps });
  const tFull = await measure(runFullEngine, { repetitions: reps });
  const tInterp = await measure(runInterpreted, { repetitions: 3 });
  const tJre = await measure(runJre, { repetitions: 3 });
  const row = (
    variant: string,
    t: number[],
    extra: Partial<Row> = {},
  ): Row[] => [
    {
      scenario: '1 policies, all products',
      size,
      variant,
      median: median(t),
      p99: p99(t),
      unit: 'ms total',
      ...extra,
    },
    {
      scenario: '1 policies, per check',
      size,
      variant,
      median: (median(t) * 1000) / checks,
      p99: (p99(t) * 1000) / checks,
      unit: 'us/check',
      ...(extra.baselineOf ? { baselineOf: extra.baselineOf } : {}),
      ...(variant === 'Meshwork engine (rules)'
        ? { target: '< 1 us, <= 10x JS' }
        : {}),
    },
  ];
  return [
    ...row('hand-written JS', tJs),
    ...row('Meshwork engine (rules)', tOurs, {
      baselineOf: 'hand-written JS',
      target: 'L < 200 ms',
    }),
    ...row('Meshwork engine (full results)', tFull, {
      baselineOf: 'hand-written JS',
    }),
    ...row('@bufbuild/cel interpreter (metered)', tInterp, {
      baselineOf: 'hand-written JS',
    }),
    ...row('json-rules-engine', tJre, { baselineOf: 'hand-written JS' }),
  ];
}

async function scenario2(size: MeshSize): Promise<Row[]> {
  const { products } = generateMesh(size);
  const engine = meshworkEngine();
  const durations: number[] = [];
  // A fresh object each time, as after a catalog update: nothing is cached for it.
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < Math.min(products.length, 2000); i++) {
      const changed = structuredClone(products[i]);
      (changed.spec as Spec).retentionDays = 30 + round;
      const t0 = process.hrtime.bigint();
      engine.evaluate(changed);
      durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return [
    {
      scenario: '2 re-evaluate one product',
      size,
      variant: 'Meshwork engine, 20 policies',
      median: median(durations),
      p99: p99(durations),
      unit: 'ms',
      target: 'p99 < 1 ms',
      note: `${durations.length} evaluations`,
    },
  ];
}

export const policyEvaluation = {
  id: 1,
  title: 'all policies over every product',
  async run(ctx: BenchContext): Promise<Row[]> {
    const rows: Row[] = [];
    for (const size of ctx.sizes) rows.push(...(await scenario1(size, ctx)));
    return rows;
  },
};

export const policyReevaluation = {
  id: 2,
  title: 're-evaluate one product after a change',
  async run(ctx: BenchContext): Promise<Row[]> {
    const rows: Row[] = [];
    for (const size of ctx.sizes) rows.push(...(await scenario2(size)));
    return rows;
  },
};
