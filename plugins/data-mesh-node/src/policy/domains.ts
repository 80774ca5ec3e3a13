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

import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  getDomainRef,
  getParentDomainRef,
  MAX_DOMAIN_DEPTH,
} from '@meshwork/plugin-data-mesh-common';

/**
 * A product's domain and that domain's ancestors, nearest first, with what went wrong on
 * the way (a missing domain, a cycle, a chain too deep).
 *
 * @public
 */
export interface DomainChain {
  /** The product's domain first, then its ancestors, as far as they were found. */
  domains: Entity[];
  /** Why the chain ends early, if it does; shown on the product's evaluation. */
  notes: string[];
}

const cycleNote = (ref: string) =>
  `Domain hierarchy has a cycle at ${ref}; policies of domains past it are not applied.`;
const depthNote = (ref: string) =>
  `Domain hierarchy is deeper than ${MAX_DOMAIN_DEPTH}; policies of domains past ${ref} are not applied.`;
const missingNote = (ref: string, first: boolean) =>
  first
    ? `Domain ${ref} was not found; only built-in and global policies apply.`
    : `Parent domain ${ref} was not found; its policies are not applied.`;

/** Follows `subdomainOf` from `start`, appending to `domains` and `notes`. */
function walkChain(
  start: string,
  get: (ref: string) => Entity | undefined,
  domains: Entity[],
  notes: string[],
) {
  const seen = new Set<string>();
  for (let ref: string | undefined = start; ref; ) {
    if (seen.has(ref)) {
      notes.push(cycleNote(ref));
      return;
    }
    if (seen.size >= MAX_DOMAIN_DEPTH) {
      notes.push(depthNote(ref));
      return;
    }
    seen.add(ref);
    const domain = get(ref);
    if (!domain) {
      notes.push(missingNote(ref, domains.length === 0));
      return;
    }
    domains.push(domain);
    ref = getParentDomainRef(domain);
  }
}

/**
 * Resolves a product's domain chain through a lookup (sync or async). Never loops: a domain
 * met twice ends the chain with a note, and so does a chain deeper than
 * {@link @meshwork/plugin-data-mesh-common#MAX_DOMAIN_DEPTH}.
 *
 * @public
 */
export async function resolveDomainChain(
  product: Entity,
  getDomain: (ref: string) => Entity | undefined | Promise<Entity | undefined>,
): Promise<DomainChain> {
  const start = getDomainRef(product);
  if (!start) return { domains: [], notes: [] };
  // Fetch the chain first (async), then walk it with the sync walker.
  const fetched = new Map<string, Entity | undefined>();
  const seen = new Set<string>();
  for (
    let ref: string | undefined = start;
    ref && !seen.has(ref) && seen.size <= MAX_DOMAIN_DEPTH;

  ) {
    seen.add(ref);
    const domain = await getDomain(ref);
    fetched.set(ref, domain);
    ref = domain ? getParentDomainRef(domain) : undefined;
  }
  const domains: Entity[] = [];
  const notes: string[] = [];
  walkChain(start, r => fetched.get(r), domains, notes);
  return { domains, notes };
}

/**
 * An in-memory index of Domain entities by ref, for sweeps that evaluate many products:
 * resolves chains synchronously and caches them.
 *
 * @public
 */
export class DomainIndex {
  readonly #byRef = new Map<string, Entity>();
  readonly #chains = new Map<string, DomainChain>();

  constructor(domains: Iterable<Entity>) {
    for (const d of domains) {
      this.#byRef.set(stringifyEntityRef(d), d);
    }
  }

  /** The domain with this ref. */
  get(ref: string): Entity | undefined {
    return this.#byRef.get(ref);
  }

  /** The parent ref of a domain ref, when both are known. */
  parentOf(ref: string): string | undefined {
    const d = this.#byRef.get(ref);
    return d ? getParentDomainRef(d) : undefined;
  }

  /** All the domains. */
  all(): Entity[] {
    return [...this.#byRef.values()];
  }

  /** The chain of a product, nearest domain first. */
  chainFor(product: Entity): DomainChain {
    const ref = getDomainRef(product);
    return ref ? this.chainOf(ref) : { domains: [], notes: [] };
  }

  /** The chain starting at a domain ref: that domain, then its ancestors. */
  chainOf(domainRef: string): DomainChain {
    const cached = this.#chains.get(domainRef);
    if (cached) return cached;
    const domains: Entity[] = [];
    const notes: string[] = [];
    walkChain(domainRef, r => this.#byRef.get(r), domains, notes);
    const chain = { domains, notes };
    this.#chains.set(domainRef, chain);
    return chain;
  }
}

/**
 * Wraps a domain lookup (typically a catalog read) with a small time-bounded cache, for
 * callers that evaluate products one at a time (the catalog processor in block mode, the
 * scaffolder gate): a domain chain then costs a catalog read at most once per `ttlMs`.
 * Misses are cached too. Concurrent lookups of one ref share one read.
 *
 * @public
 */
export function cachedDomainLookup(
  getDomain: (ref: string) => Entity | undefined | Promise<Entity | undefined>,
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): (ref: string) => Promise<Entity | undefined> {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<
    string,
    { at: number; value: Promise<Entity | undefined> }
  >();
  return ref => {
    const hit = cache.get(ref);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    if (cache.size >= maxEntries) cache.clear();
    const value = Promise.resolve(getDomain(ref));
    cache.set(ref, { at: now(), value });
    // A failed read is not cached.
    value.catch(() => cache.delete(ref));
    return value;
  };
}
