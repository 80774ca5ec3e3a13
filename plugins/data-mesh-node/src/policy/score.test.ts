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

import {
  scoreResults,
  statusOfResults,
  summarizeCompliance,
  summarizeComplianceByDomain,
  type ComplianceRollUpInput,
} from './score';

describe('scoreResults', () => {
  it('weights by severity and leaves waived results out', () => {
    expect(scoreResults([])).toBe(100);
    expect(
      scoreResults([
        { policyId: 'a', severity: 'required', status: 'passed' },
        { policyId: 'b', severity: 'recommended', status: 'failed' },
        { policyId: 'c', severity: 'optional', status: 'error' },
        { policyId: 'd', severity: 'required', status: 'waived' },
      ]),
    ).toBe(50);
    expect(
      scoreResults([{ policyId: 'd', severity: 'required', status: 'waived' }]),
    ).toBe(100);
  });

  it('derives the status from required failures', () => {
    expect(
      statusOfResults([
        { policyId: 'a', severity: 'optional', status: 'error' },
      ]),
    ).toBe('warning');
    expect(
      statusOfResults([
        { policyId: 'a', severity: 'required', status: 'error' },
      ]),
    ).toBe('failing');
    expect(
      statusOfResults([
        { policyId: 'a', severity: 'required', status: 'waived' },
      ]),
    ).toBe('passing');
  });
});

describe('roll-ups', () => {
  const products: ComplianceRollUpInput[] = [
    {
      domainRef: 'domain:default/customer',
      status: 'passing',
      score: 100,
      results: [{ policyId: 'p1', severity: 'required', status: 'passed' }],
    },
    {
      domainRef: 'domain:default/loyalty',
      status: 'failing',
      score: 40,
      results: [
        { policyId: 'p1', severity: 'required', status: 'failed' },
        { policyId: 'p2', severity: 'optional', status: 'passed' },
      ],
    },
    {
      domainRef: null,
      status: 'warning',
      score: 75,
      results: [{ policyId: 'p2', severity: 'recommended', status: 'failed' }],
    },
  ];

  it('summarizes the mesh', () => {
    expect(summarizeCompliance(products)).toEqual({
      products: 3,
      passing: 1,
      warning: 1,
      failing: 1,
      compliant: 2,
      compliantShare: 66.7,
      averageScore: 71.7,
      policies: [
        {
          policyId: 'p1',
          severity: 'required',
          passed: 1,
          failed: 1,
          waived: 0,
          error: 0,
        },
        {
          policyId: 'p2',
          severity: 'recommended',
          passed: 1,
          failed: 1,
          waived: 0,
          error: 0,
        },
      ],
    });
    expect(summarizeCompliance([])).toMatchObject({
      products: 0,
      compliantShare: 100,
      averageScore: 100,
    });
  });

  it('summarizes per domain, including subdomains when given the hierarchy', () => {
    const flat = summarizeComplianceByDomain(products);
    expect(flat.map(d => [d.domainRef, d.products])).toEqual([
      ['domain:default/customer', 1],
      ['domain:default/loyalty', 1],
      [null, 1],
    ]);
    const parents: Record<string, string> = {
      'domain:default/loyalty': 'domain:default/customer',
      'domain:default/customer': 'domain:default/loyalty',
    };
    const nested = summarizeComplianceByDomain(products, {
      parentOf: r => parents[r],
    });
    expect(nested.map(d => [d.domainRef, d.products, d.failing])).toEqual([
      ['domain:default/customer', 2, 1],
      ['domain:default/loyalty', 2, 1],
      [null, 1, 0],
    ]);
  });
});
