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

import { meshRow } from '../../__testUtils__/meshRows';
import {
  createTestDatabases,
  DAY,
  evaluation,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { refreshRollUps } from '../compliance/refreshRollUps';
import { saveSweep } from '../compliance/saveSweep';
import { emptyFigures, getMeshFigures } from './getMeshFigures';
import { saveSloAttainment } from './sloAttainment';
import { upsertMeshProducts } from './upsertMeshProducts';

const databases = createTestDatabases();
const ref = (name: string) => `dataproduct:default/${name}`;
const SALES = 'domain:default/sales';

describe.each(databases.eachSupportedId())(
  'getMeshFigures on %s',
  databaseId => {
    it('has no figures on an empty mesh', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      expect(await getMeshFigures(knex)).toEqual({
        byDomain: new Map(),
        domains: [],
        filters: { types: [], lifecycles: [], classifications: [] },
      });
      await knex.destroy();
    });

    it('counts products, SLOs and compliance per domain over the stored rows', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await upsertMeshProducts(knex, [
        meshRow('s1', { domain: 'sales', type: 'aggregate' }),
        meshRow('s2', { domain: 'sales', type: 'source-aligned' }),
        meshRow('s3', { domain: 'sales', slos: 0, classification: 'public' }),
        meshRow('c1', { slos: 1, type: 'consumer-aligned' }),
        meshRow('n1', {
          domain: null,
          type: null,
          lifecycle: 'experimental',
          classification: null,
        }),
        // A domain of many products: counted by the database, not row by row.
        ...Array.from({ length: 600 }, (_, i) =>
          meshRow(`bulk-${i}`, { domain: 'bulk', slos: i % 2 }),
        ),
      ]);
      const monday = new Date('2025-06-02T00:00:00Z');
      const tuesday = new Date('2025-06-03T00:00:00Z');
      await saveSloAttainment(
        knex,
        [
          { entityRef: ref('s1'), measured: 2, met: 2 },
          { entityRef: ref('n1'), measured: 1, met: 1 },
        ],
        new Map(),
        monday,
      );
      await saveSloAttainment(
        knex,
        [{ entityRef: ref('s2'), measured: 2, met: 1 }],
        new Map(),
        tuesday,
      );
      await saveSweep(
        knex,
        [
          evaluation('s1', 'passing', { domainRef: SALES }),
          evaluation('s2', 'failing', { domainRef: SALES }),
          evaluation('n1', 'warning'),
        ],
        [
          { domainRef: SALES, title: 'Sales' },
          { domainRef: 'domain:default/emea', parentRef: SALES },
        ],
        { now: monday, historyHeartbeatMs: DAY, durationMs: 1 },
      );
      await refreshRollUps(knex);

      const figures = await getMeshFigures(knex);
      expect([...figures.byDomain.keys()].sort()).toEqual([
        '',
        'domain:default/bulk',
        'domain:default/customer',
        SALES,
      ]);
      expect(figures.byDomain.get(SALES)).toEqual({
        ...emptyFigures(),
        products: 3,
        withSlos: 2,
        sloMeasured: 2,
        sloMeeting: 1,
        sloCheckedAt: tuesday.toISOString(),
        passing: 1,
        failing: 1,
        scoreSum: 150,
        policies: new Map([
          [
            'owner-assigned',
            { severityRank: 0, passed: 2, failed: 0, waived: 0, error: 0 },
          ],
          [
            'audit-logging',
            { severityRank: 0, passed: 0, failed: 1, waived: 0, error: 0 },
          ],
        ]),
      });
      // Products without a domain are counted under ''.
      expect(figures.byDomain.get('')).toEqual({
        ...emptyFigures(),
        products: 1,
        withSlos: 1,
        sloMeasured: 1,
        sloMeeting: 1,
        sloCheckedAt: monday.toISOString(),
        warning: 1,
        scoreSum: 50,
        policies: new Map([
          [
            'owner-assigned',
            { severityRank: 0, passed: 1, failed: 0, waived: 0, error: 0 },
          ],
          [
            'audit-logging',
            { severityRank: 1, passed: 0, failed: 1, waived: 0, error: 0 },
          ],
        ]),
      });
      // Not yet evaluated, no SLO measured.
      expect(figures.byDomain.get('domain:default/customer')).toEqual({
        ...emptyFigures(),
        products: 1,
        withSlos: 1,
      });
      expect(figures.byDomain.get('domain:default/bulk')).toEqual({
        ...emptyFigures(),
        products: 600,
        withSlos: 300,
      });
      expect(
        figures.domains.sort((a, b) => a.domainRef.localeCompare(b.domainRef)),
      ).toEqual([
        { domainRef: 'domain:default/emea', parentRef: SALES },
        { domainRef: SALES, title: 'Sales' },
      ]);
      // Each value once, sorted; products without one add none.
      expect(figures.filters).toEqual({
        types: ['aggregate', 'consumer-aligned', 'source-aligned'],
        lifecycles: ['experimental', 'production'],
        classifications: ['confidential', 'public'],
      });
      await knex.destroy();
    });
  },
);
