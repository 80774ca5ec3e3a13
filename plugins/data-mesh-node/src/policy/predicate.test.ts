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
  evaluateFilterPredicate,
  parseFilterPredicate,
} from '@backstage/filter-predicates';
import { compileFilterPredicate } from './predicate';

const values: unknown[] = [
  {
    kind: 'DataProduct',
    metadata: {
      name: 'customer-360',
      tags: ['customer', 'Profile'],
      annotations: { 'backstage.io/source': 'x', 'meshwork.dev/tier': 'gold' },
      labels: { tier: 7 },
    },
    spec: {
      type: 'aggregate',
      classification: 'Confidential',
      containsPii: true,
      retentionDays: 730,
      inputPorts: [{ dataProduct: 'orders' }, { source: 'component:crm' }],
      infrastructure: { security: { encryptionAtRest: true } },
      empty: null,
    },
  },
  {
    kind: 'dataproduct',
    metadata: { name: 'x', 'tags.extra': 'dotted', title: 'straße' },
    spec: {
      type: 'source-aligned',
      classification: 'public',
      'security.level': 'high',
    },
    'spec.type': 'shadow',
  },
  { kind: 'Component', spec: [], metadata: { title: 'école' } },
  null,
  'a string',
  [1, 2],
];

const predicates: unknown[] = [
  { 'spec.classification': { $in: ['confidential', 'restricted'] } },
  { 'spec.classification': 'CONFIDENTIAL' },
  { 'spec.classification': 'confidentiaL' },
  { 'metadata.title': 'STRASSE' },
  { 'metadata.title': 'straße' },
  { 'metadata.title': { $in: ['STRASSE', 'x'] } },
  { 'metadata.title': 'ÉCOLE' },
  { 'spec.containsPii': true },
  { 'spec.retentionDays': 730 },
  { 'spec.retentionDays': '730' },
  { 'spec.retentionDays': { $in: [365, '730'] } },
  { 'spec.type': { $in: ['aggregate', 'consumer-aligned'] } },
  { 'spec.type': 'shadow' },
  { kind: 'dataproduct', 'spec.type': 'aggregate' },
  { 'metadata.tags': { $contains: 'profile' } },
  { 'metadata.tags': { $contains: { $any: ['x', 'customer'] } } },
  { 'spec.inputPorts': { $contains: { dataProduct: 'orders' } } },
  { 'spec.inputPorts': { $contains: { source: { $exists: true } } } },
  { 'spec.empty': { $exists: true } },
  { 'spec.missing': { $exists: false } },
  { 'spec.missing': { $exists: true } },
  { 'metadata.annotations.meshwork.dev/tier': 'gold' },
  { 'metadata.annotations.backstage.io/source': { $exists: true } },
  { 'metadata.labels.tier': '7' },
  { 'metadata.tags.extra': 'dotted' },
  { 'spec.security.level': 'high' },
  { 'metadata.name': { $hasPrefix: 'CUSTOMER' } },
  { $all: [{ kind: 'DataProduct' }, { $not: { 'spec.type': 'aggregate' } }] },
  { $any: [{ 'spec.classification': 'public' }, { 'spec.containsPii': true }] },
  { $not: { $any: [{ kind: 'component' }] } },
  { 'spec.infrastructure.security.encryptionAtRest': true },
  { 'spec.infrastructure.security': { $exists: true } },
  {},
];

describe('compileFilterPredicate', () => {
  it.each(predicates.map(p => [JSON.stringify(p), p]))(
    '%s agrees with @backstage/filter-predicates',
    (_, raw) => {
      const parsed = parseFilterPredicate(raw);
      const { test } = compileFilterPredicate(raw);
      for (const value of values) {
        expect({ value, result: test(value) }).toEqual({
          value,
          result: evaluateFilterPredicate(parsed, value),
        });
      }
    },
  );

  it('throws on an invalid predicate, as parseFilterPredicate does', () => {
    for (const invalid of [
      { $all: 'nope' },
      { 'metadata.tags': ['customer', 'profile'] },
      { 'spec.type': { $future: 1 } },
      { $future: [] },
    ]) {
      expect(() => parseFilterPredicate(invalid)).toThrow();
      expect(() => compileFilterPredicate(invalid)).toThrow();
    }
  });
});
