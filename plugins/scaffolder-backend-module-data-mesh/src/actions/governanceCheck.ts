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

import type { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { PolicyResult } from '@meshwork/plugin-data-mesh-common';
import {
  formatViolations,
  type PolicyEngine,
} from '@meshwork/plugin-data-mesh-node';
import { readProductFile } from '../lib/productFile';
import { examples } from './governanceCheck.examples';

/**
 * The id of the governance gate action.
 *
 * @public
 */
export const GOVERNANCE_CHECK_ACTION_ID = 'meshwork:governance:check';

function describeResult(r: PolicyResult): string {
  return `[${r.severity}] ${r.policyId} (${r.source}): ${r.message}${
    r.remediation ? ` Fix: ${r.remediation}` : ''
  }`;
}

/**
 * Creates the `meshwork:governance:check` action, the governance gate of the paved road. It
 * reads the rendered product's catalog file from the workspace, checks it as the catalog
 * would (the entity envelope, the DataProduct schema and field rules, naming the field), and
 * evaluates it with the same policy engine as the catalog and the data-mesh backend: built-in
 * and global policies from config, plus the policies of the product's domain and its parent
 * domains, fetched from the catalog. A failed required policy fails the task, listing each
 * violation with its remediation, so nothing after it (publishing) runs; failed recommended
 * and optional policies are logged as warnings.
 *
 * @public
 */
export function createGovernanceCheckAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  engine: PolicyEngine;
}) {
  const { catalog, auth, engine } = options;

  return createTemplateAction({
    id: GOVERNANCE_CHECK_ACTION_ID,
    description:
      "Evaluates the rendered data product against the governance policies (built-in, global and its domain's) before anything is published; fails on a failed required policy, listing each violation and how to fix it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'The catalog file of the product in the workspace. Default: ./catalog-info.yaml',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The entity ref of the evaluated product' }),
        passed: z =>
          z.boolean({ description: 'True when no required policy failed' }),
        status: z =>
          z.enum(['passing', 'warning', 'failing'], {
            description: 'The compliance status',
          }),
        score: z => z.number({ description: 'The compliance score, 0-100' }),
        warnings: z =>
          z.array(z.string(), {
            description:
              'Failed recommended and optional policies, with remediation',
          }),
        evaluation: z =>
          z.record(z.unknown(), {
            description:
              'The full evaluation, one result per applicable policy (the shape of POST /api/data-mesh/evaluate)',
          }),
      },
    },
    async handler(ctx) {
      const relativePath = ctx.input.path ?? './catalog-info.yaml';
      const file = await readProductFile(
        ctx.workspacePath,
        relativePath,
        'path',
      );
      ctx.logger.info(
        `Checking ${file.entityRef} from ${relativePath} against the governance policies`,
      );

      const credentials = await auth.getOwnServiceCredentials();
      const evaluation = await engine.evaluateWithDomainLookup(
        file.product,
        ref => catalog.getEntityByRef(ref, { credentials }),
      );

      for (const note of evaluation.notes) ctx.logger.warn(note);
      const warnings: string[] = [];
      for (const r of evaluation.results) {
        if (r.status === 'passed') {
          ctx.logger.info(`passed: ${r.policyId} (${r.severity})`);
        } else if (r.status === 'waived') {
          ctx.logger.info(`waived: ${r.policyId}: ${r.notes?.join(' ') ?? ''}`);
        } else if (r.severity === 'required') {
          ctx.logger.error(`violation: ${describeResult(r)}`);
        } else {
          warnings.push(describeResult(r));
          ctx.logger.warn(`warning: ${describeResult(r)}`);
        }
      }
      ctx.logger.info(
        `Governance: ${evaluation.status}, score ${evaluation.score}, ${evaluation.counts.passed} passed, ${evaluation.counts.failed} failed, ${evaluation.counts.error} errors, ${evaluation.counts.waived} waived`,
      );

      ctx.output('entityRef', evaluation.entityRef);
      ctx.output('passed', evaluation.passed);
      ctx.output('status', evaluation.status);
      ctx.output('score', evaluation.score);
      ctx.output('warnings', warnings);
      ctx.output(
        'evaluation',
        evaluation as unknown as Record<string, unknown>,
      );

      if (!evaluation.passed) {
        const violations = evaluation.results.filter(
          r =>
            r.severity === 'required' &&
            (r.status === 'failed' || r.status === 'error'),
        );
        throw new InputError(
          `${evaluation.entityRef} breaks ${violations.length} required ${
            violations.length === 1 ? 'policy' : 'policies'
          }; nothing was published. Change the answers and run the template again:\n${formatViolations(
            evaluation,
          )}`,
        );
      }
    },
  });
}
