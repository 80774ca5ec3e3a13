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

import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readPolicyConfig } from './readPolicyConfig';
import { DEFAULT_POLICY_RULE_LIMITS } from '../policy/cel/compileRule';
import { createPolicyEngine } from '../policy/PolicyEngine';

describe('readPolicyConfig', () => {
  it('has defaults for everything', () => {
    expect(readPolicyConfig(new ConfigReader({}))).toEqual({
      builtinEnabled: {},
      builtinOptions: {},
      global: [],
      enforcement: 'warn',
      limits: DEFAULT_POLICY_RULE_LIMITS,
    });
  });

  it('reads every key', () => {
    const global = [
      {
        id: 'tags-present',
        title: 'Tags present',
        severity: 'recommended',
        appliesTo: { 'spec.lifecycle': 'production' },
        rule: 'size(metadata.tags) > 0',
        message: 'No tags.',
      },
    ];
    const config = readPolicyConfig(
      new ConfigReader({
        dataMesh: {
          policies: {
            builtin: {
              'audit-logging': { enabled: false },
              'retention-policy': { enabled: true, maxPiiRetentionDays: 365 },
            },
            global,
            limits: { maxIterations: 10, timeBudgetMs: 5 },
          },
          catalog: { enforcement: 'block' },
        },
      }),
    );
    expect(config).toEqual({
      builtinEnabled: { 'audit-logging': false, 'retention-policy': true },
      builtinOptions: { maxPiiRetentionDays: 365 },
      global,
      enforcement: 'block',
      limits: {
        ...DEFAULT_POLICY_RULE_LIMITS,
        maxIterations: 10,
        timeBudgetMs: 5,
      },
    });
    const engine = createPolicyEngine({ config });
    expect(engine.enforcement).toBe('block');
    expect(engine.policies.map(p => p.id)).toContain('tags-present');
    expect(engine.policies.map(p => p.id)).not.toContain('audit-logging');
  });

  it('reads durations in every form, and the deprecated number keys', () => {
    const read = (policies: JsonObject) =>
      readPolicyConfig(new ConfigReader({ dataMesh: { policies } }));
    for (const [maxPiiRetention, days] of [
      ['5y', 1825],
      ['P30D', 30],
      [{ weeks: 2 }, 14],
    ] as const) {
      expect(
        read({ builtin: { 'retention-policy': { maxPiiRetention } } })
          .builtinOptions,
      ).toEqual({ maxPiiRetentionDays: days });
    }
    for (const [timeBudget, ms] of [
      ['20ms', 20],
      ['PT0.1S', 100],
      [{ seconds: 1 }, 1000],
    ] as const) {
      expect(read({ limits: { timeBudget } }).limits.timeBudgetMs).toBe(ms);
    }
    // The duration key wins over the deprecated one.
    expect(
      read({ limits: { timeBudget: '7ms', timeBudgetMs: 5 } }).limits,
    ).toEqual({ ...DEFAULT_POLICY_RULE_LIMITS, timeBudgetMs: 7 });
    expect(
      read({
        builtin: {
          'retention-policy': {
            maxPiiRetention: '10d',
            maxPiiRetentionDays: 3,
          },
        },
      }).builtinOptions,
    ).toEqual({ maxPiiRetentionDays: 10 });
  });

  it('refuses durations that are not positive, naming the key', () => {
    expect(() =>
      readPolicyConfig(
        new ConfigReader({
          dataMesh: { policies: { limits: { timeBudget: 'soon' } } },
        }),
      ),
    ).toThrow(/dataMesh\.policies\.limits\.timeBudget/);
    expect(() =>
      readPolicyConfig(
        new ConfigReader({
          dataMesh: { policies: { limits: { timeBudget: '0ms' } } },
        }),
      ),
    ).toThrow(
      'dataMesh.policies.limits.timeBudget must be a positive duration',
    );
    expect(() =>
      readPolicyConfig(
        new ConfigReader({
          dataMesh: { policies: { limits: { timeBudgetMs: -5 } } },
        }),
      ),
    ).toThrow(
      'dataMesh.policies.limits.timeBudgetMs must be a positive number',
    );
  });

  it('refuses invalid settings, naming the key', () => {
    expect(() =>
      readPolicyConfig(
        new ConfigReader({ dataMesh: { catalog: { enforcement: 'strict' } } }),
      ),
    ).toThrow(
      "dataMesh.catalog.enforcement must be 'warn' or 'block', got 'strict'",
    );
    expect(() =>
      readPolicyConfig(
        new ConfigReader({
          dataMesh: { policies: { limits: { maxIterations: -1 } } },
        }),
      ),
    ).toThrow(
      'dataMesh.policies.limits.maxIterations must be a positive number',
    );
    expect(() =>
      readPolicyConfig(
        new ConfigReader({
          dataMesh: {
            policies: {
              builtin: { 'retention-policy': { maxPiiRetentionDays: 0 } },
            },
          },
        }),
      ),
    ).toThrow(/maxPiiRetentionDays must be a positive number/);
  });
});
