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

import type { EdgeRecord } from '../database/operations/observed/listEdges';
import { walkLineage } from './lineage';

/** The edges table as a list, read the way ObservedStore.edgesOf reads it. */
function edgesOf(edges: Array<[string, string]>) {
  const calls: string[][] = [];
  const store = {
    async edgesOf(nodes: string[], direction: 'upstream' | 'downstream') {
      calls.push(nodes);
      return edges
        .filter(([s, t]) => nodes.includes(direction === 'upstream' ? t : s))
        .map(
          ([source, target]): EdgeRecord => ({
            source,
            target,
            declared: true,
            observed: false,
          }),
        );
    },
  };
  return { store, calls };
}

describe('walkLineage', () => {
  const edges: Array<[string, string]> = [
    ['a', 'root'],
    ['b', 'root'],
    ['c', 'a'],
    ['root', 'd'],
    ['d', 'e'],
  ];

  it('walks level by level, one query per level, with signed depths', async () => {
    const { store, calls } = edgesOf(edges);
    const walk = await walkLineage(store, 'root', {
      direction: 'both',
      depth: 5,
      maxNodes: 100,
    });
    expect(Object.fromEntries(walk.depths)).toEqual({
      root: 0,
      a: -1,
      b: -1,
      c: -2,
      d: 1,
      e: 2,
    });
    expect(walk.edges.size).toBe(5);
    expect(walk.cappedByNodes).toBe(false);
    expect(calls).toEqual([
      ['root'],
      ['a', 'b'],
      ['c'],
      ['root'],
      ['d'],
      ['e'],
    ]);
  });

  it('stops at the depth and says when the node cap cut it', async () => {
    const shallow = await walkLineage(edgesOf(edges).store, 'root', {
      direction: 'upstream',
      depth: 1,
      maxNodes: 100,
    });
    expect([...shallow.depths.keys()].sort()).toEqual(['a', 'b', 'root']);
    const capped = await walkLineage(edgesOf(edges).store, 'root', {
      direction: 'upstream',
      depth: 5,
      maxNodes: 2,
    });
    expect(capped.depths.size).toBe(2);
    expect(capped.cappedByNodes).toBe(true);
  });

  it('visits a node once on a cycle', async () => {
    const { store } = edgesOf([
      ['a', 'root'],
      ['root', 'a'],
    ]);
    const walk = await walkLineage(store, 'root', {
      direction: 'upstream',
      depth: 10,
      maxNodes: 100,
    });
    expect(Object.fromEntries(walk.depths)).toEqual({ root: 0, a: -1 });
  });
});
