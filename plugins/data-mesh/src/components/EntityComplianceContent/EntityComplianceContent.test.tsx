import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { screen, within } from '@testing-library/react';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import {
  customerSegmentsCompliance,
  customerSegmentsHistory,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import { EntityComplianceContent } from './EntityComplianceContent';

const REF = 'dataproduct:default/customer-segments';
const segments = dataProductEntity({
  name: 'customer-segments',
  spec: { domain: 'marketing' },
});

function render(api: FakeDataMeshApi) {
  return renderForEntity(<EntityComplianceContent />, {
    entity: segments,
    apis: [[dataMeshApiRef, api]],
  });
}

describe('EntityComplianceContent', () => {
  it('shows a progress bar while loading', async () => {
    await render(new FakeDataMeshApi({ compliance: { [REF]: 'pending' } }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await render(
      new FakeDataMeshApi({
        compliance: { [REF]: new Error('No data product x') },
      }),
    );
    expect(
      (await screen.findAllByText(/No data product x/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows the score, one row per policy with where it came from, and the expired waiver', async () => {
    await render(
      new FakeDataMeshApi({
        compliance: { [REF]: customerSegmentsCompliance },
        history: { [REF]: customerSegmentsHistory },
      }),
    );
    expect(await screen.findByText('71%')).toBeInTheDocument();
    expect(screen.getAllByText('Failing').length).toBeGreaterThan(0);
    expect(screen.getByText('3 failed')).toBeInTheDocument();
    expect(screen.getByText('1 errors')).toBeInTheDocument();

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    // Failures first, required before recommended; passes last.
    expect(within(rows[0]).getByText('Encryption at rest')).toBeInTheDocument();
    expect(within(rows[4]).getByText('Owner assigned')).toBeInTheDocument();

    const encryption = rows[0];
    expect(within(encryption).getByText('required')).toBeInTheDocument();
    expect(within(encryption).getByText('Failed')).toBeInTheDocument();
    expect(
      within(encryption).getByText(/stored without encryption at rest/),
    ).toBeInTheDocument();
    expect(
      within(encryption).getByText(/encryptionAtRest to true/),
    ).toBeInTheDocument();
    expect(within(encryption).getByText('built-in')).toBeInTheDocument();
    expect(
      within(encryption).getByText(/moves to the encrypted lake/),
    ).toBeInTheDocument();
    expect(within(encryption).getByText(/^expired /)).toBeInTheDocument();
    expect(
      within(encryption).getByRole('link', { name: /lnguyen/ }),
    ).toHaveAttribute('href', '/catalog/default/user/lnguyen');

    const domainRow = rows.find(r =>
      within(r).queryByText('Consent recorded'),
    )!;
    expect(
      within(domainRow).getByRole('link', { name: /marketing/ }),
    ).toHaveAttribute('href', '/catalog/default/domain/marketing');

    const errorRow = rows.find(r => within(r).queryByText('Retention set'))!;
    expect(within(errorRow).getByText('Error')).toBeInTheDocument();
    expect(
      within(errorRow).getByText('rule exceeded its cost budget'),
    ).toBeInTheDocument();
    expect(within(errorRow).getByText(/tightened by/)).toBeInTheDocument();

    // The history: a trend and the points where something changed.
    expect(
      screen.getByText('Score over the last 3 evaluations'),
    ).toBeInTheDocument();
    const changes = screen.getByRole('list', { name: 'Compliance changes' });
    expect(within(changes).getAllByRole('listitem')).toHaveLength(2);
    expect(within(changes).getByText(/score 88/)).toBeInTheDocument();
  });

  it('pages long policy lists', async () => {
    const results = Array.from({ length: 23 }, (_, i) => ({
      policyId: `policy-${String(i).padStart(2, '0')}`,
      title: `Policy ${String(i).padStart(2, '0')}`,
      severity: 'optional' as const,
      status: 'passed' as const,
      message: 'fine',
      source: 'global' as const,
    }));
    await render(
      new FakeDataMeshApi({
        compliance: { [REF]: { ...customerSegmentsCompliance, results } },
        history: { [REF]: { items: [] } },
      }),
    );
    expect(await screen.findByText('Policy 00')).toBeInTheDocument();
    expect(screen.getByText('Policy 09')).toBeInTheDocument();
    expect(screen.queryByText('Policy 10')).toBeNull();
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(12);
    expect(screen.getByText(/No history yet/)).toBeInTheDocument();
  });

  it('says when no policy applies', async () => {
    await render(
      new FakeDataMeshApi({
        compliance: {
          [REF]: { ...customerSegmentsCompliance, results: [], score: 100 },
        },
        history: { [REF]: new Error('history store down') },
      }),
    );
    expect(
      await screen.findByText('No policy applies to this product.'),
    ).toBeInTheDocument();
    // A history failure does not hide the results.
    expect(
      (await screen.findAllByText(/history store down/)).length,
    ).toBeGreaterThan(0);
  });
});
