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
 * Run by compileRule.test.ts in a Node started with --disallow-code-generation-from-strings:
 * compiles the built-in rules with a logger that records what it is told, evaluates them
 * over the product given as JSON in PRODUCT, and prints what happened as JSON. (Neither the
 * engine nor the fixtures can load there: ajv, behind the catalog model's validators,
 * generates code too.)
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { builtinPolicyDefinitions } from '../../builtinPolicies';
import {
  compileRule,
  DEFAULT_POLICY_RULE_LIMITS,
  prepareRuleInput,
} from '../compileRule';

const warnings: string[] = [];
const logger: LoggerService = {
  error() {},
  warn(message: string) {
    warnings.push(message);
  },
  info() {},
  debug() {},
  child() {
    return logger;
  },
};

const rules = builtinPolicyDefinitions().map(p =>
  compileRule(p.rule, DEFAULT_POLICY_RULE_LIMITS, { logger }),
);
const input = prepareRuleInput(JSON.parse(process.env.PRODUCT!));
process.stdout.write(
  JSON.stringify({
    engines: [...new Set(rules.map(r => r.engine))],
    failures: [...new Set(rules.map(r => r.generatorFailure))],
    warnings,
    outcomes: [...new Set(rules.map(r => r.evaluate(input)))],
  }),
);
