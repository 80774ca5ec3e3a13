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

import { MAX_DOMAIN_DEPTH } from '@meshwork/plugin-data-mesh-common';
import {
  domainEntity,
  productWith,
} from '@meshwork/plugin-data-mesh-test-utils';
import { cachedDomainLookup, DomainIndex, resolveDomainChain } from './domains';

describe('resolveDomainChain', () => {
  it('follows subdomainOf to the root, nearest first', async () => {
    const index = new DomainIndex([
      domainEntity('a'),
      domainEntity('b', { parent: 'a' }),
      domainEntity('c', { parent: 'b' }),
    ]);
    const chain = await resolveDomainChain(productWith({ domain: 'c' }), r =>
      index.get(r),
    );
    expect(chain.domains.map(d => d.metadata.name)).toEqual(['c', 'b', 'a']);
    expect(chain.notes).toEqual([]);
    expect(
      await resolveDomainChain(
        productWith({ domain: undefined }),
        () => undefined,
      ),
    ).toEqual({
      domains: [],
      notes: [],
    });
  });

  it('cuts cycles, missing parents and too deep chains with a note', async () => {
    const cyclic = new DomainIndex([
      domainEntity('a', { parent: 'b' }),
      domainEntity('b', { parent: 'a' }),
    ]);
    const cycle = await resolveDomainChain(productWith({ domain: 'a' }), r =>
      cyclic.get(r),
    );
    expect(cycle.domains).toHaveLength(2);
    expect(cycle.notes).toEqual([
      'Domain hierarchy has a cycle at domain:default/a; policies of domains past it are not applied.',
    ]);

    const orphan = new DomainIndex([domainEntity('a', { parent: 'gone' })]);
    expect(
      (
        await resolveDomainChain(productWith({ domain: 'a' }), r =>
          orphan.get(r),
        )
      ).notes,
    ).toEqual([
      'Parent domain domain:default/gone was not found; its policies are not applied.',
    ]);

    const deep = new DomainIndex(
      Array.from({ length: 30 }, (_, i) =>
        domainEntity(`d${i}`, { parent: `d${i + 1}` }),
      ),
    );
    const chain = await resolveDomainChain(productWith({ domain: 'd0' }), r =>
      deep.get(r),
    );
    expect(chain.domains).toHaveLength(MAX_DOMAIN_DEPTH);
    expect(chain.notes[0]).toMatch(/deeper than 20/);
    expect(deep.chainFor(productWith({ domain: 'd0' }))).toEqual(chain);
  });
});

describe('cachedDomainLookup', () => {
  it('reads each domain once per ttl and does not cache failures', async () => {
    let clock = 0;
    const reads: string[] = [];
    let fail = true;
    const lookup = cachedDomainLookup(
      async ref => {
        reads.push(ref);
        if (ref === 'domain:default/flaky' && fail)
          throw new Error('catalog down');
        return ref === 'domain:default/a' ? domainEntity('a') : undefined;
      },
      { ttlMs: 1000, now: () => clock },
    );
    await Promise.all([lookup('domain:default/a'), lookup('domain:default/a')]);
    expect(await lookup('domain:default/missing')).toBeUndefined();
    await lookup('domain:default/missing');
    expect(reads).toEqual(['domain:default/a', 'domain:default/missing']);
    clock = 1500;
    await lookup('domain:default/a');
    expect(reads).toHaveLength(3);

    await expect(lookup('domain:default/flaky')).rejects.toThrow(
      'catalog down',
    );
    fail = false;
    await expect(lookup('domain:default/flaky')).resolves.toBeUndefined();
  });
});
