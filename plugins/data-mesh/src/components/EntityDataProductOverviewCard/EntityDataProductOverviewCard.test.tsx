import type { Entity } from '@backstage/catalog-model';
import {
  dataProductEntity,
  productWith,
} from '@meshwork/plugin-data-mesh-test-utils';
import { screen, within } from '@testing-library/react';
import { customer360 } from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import { EntityDataProductOverviewCard } from './EntityDataProductOverviewCard';

const render = (entity: Entity) =>
  renderForEntity(<EntityDataProductOverviewCard />, { entity });

describe('EntityDataProductOverviewCard', () => {
  it('shows what the product is, who owns it and how to read it', async () => {
    await render(customer360);

    expect(screen.getByText('aggregate')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('2.1.0')).toBeInTheDocument();
    expect(screen.getByText('730 days')).toBeInTheDocument();
    expect(screen.getByText('contains PII')).toBeInTheDocument();
    // Domain, owner and team roles link to their entities.
    expect(screen.getByRole('link', { name: /customer$/ })).toHaveAttribute(
      'href',
      '/catalog/default/domain/customer',
    );
    expect(screen.getByRole('link', { name: /customer-team/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/customer-team',
    );
    expect(screen.getByRole('link', { name: /jdoe/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/jdoe',
    );
    expect(screen.getByText('#customer-data')).toBeInTheDocument();

    const outputs = screen.getByRole('table', { name: 'Output ports' });
    expect(within(outputs).getByText('profiles')).toBeInTheDocument();
    expect(within(outputs).getByText('delta')).toBeInTheDocument();
    expect(within(outputs).getByText('avro')).toBeInTheDocument();
    // Storage locations are not http(s): text, never links.
    expect(
      within(outputs).getByText('s3://shopco-lake/customer/customer-360'),
    ).toBeInTheDocument();
    expect(
      within(outputs).queryByRole('link', { name: /s3:/ }),
    ).not.toBeInTheDocument();
    expect(
      within(outputs).getByRole('link', { name: /customer-360-profiles-api/ }),
    ).toHaveAttribute('href', '/catalog/default/api/customer-360-profiles-api');

    const inputs = screen.getByRole('table', { name: 'Input ports' });
    expect(
      within(inputs).getByRole('link', { name: /customer-profiles/ }),
    ).toHaveAttribute('href', '/catalog/default/dataproduct/customer-profiles');
    expect(
      within(inputs).getByRole('link', { name: /crm-service/ }),
    ).toHaveAttribute('href', '/catalog/default/component/crm-service');
  });

  it('renders documentation links only for http(s)', async () => {
    await render(customer360);
    const docs = screen.getByRole('list', { name: 'Documentation links' });
    expect(
      within(docs).getByRole('link', { name: /Customer 360 dashboard/ }),
    ).toHaveAttribute(
      'href',
      'https://dashboards.shopco.example/d/customer-360',
    );
    expect(within(docs).queryByRole('link', { name: /Sneaky/ })).toBeNull();
    expect(
      within(docs).getByText('Sneaky (javascript:alert(1))'),
    ).toBeInTheDocument();
    // A relative contract path without an http(s) source location stays text.
    const contracts = screen.getByRole('list', { name: 'Contracts' });
    expect(within(contracts).queryByRole('link')).toBeNull();
    expect(
      within(contracts).getByText('./contracts/customer-360.odcs.yaml'),
    ).toBeInTheDocument();
  });

  it('links a relative contract when the entity comes from an http(s) location', async () => {
    const entity = {
      ...customer360,
      metadata: {
        ...customer360.metadata,
        annotations: {
          'backstage.io/source-location':
            'url:https://github.com/shopco/customer-360/tree/main/',
        },
      },
    };
    await render(entity);
    const contracts = screen.getByRole('list', { name: 'Contracts' });
    expect(within(contracts).getByRole('link')).toHaveAttribute(
      'href',
      'https://github.com/shopco/customer-360/tree/main/contracts/customer-360.odcs.yaml',
    );
  });

  it.each([
    ['confidential', true],
    ['restricted', true],
    ['internal', false],
    ['public', false],
  ])('marks %s data as sensitive: %s', async (classification, sensitive) => {
    await render(dataProductEntity({ name: 'p', spec: { classification } }));
    const chip = screen.getByLabelText(
      new RegExp(`classification ${classification}`),
    );
    expect(chip).toHaveAttribute('data-classification', classification);
    expect(chip.getAttribute('aria-label')?.includes('sensitive')).toBe(
      sensitive,
    );
    // Sensitive chips are filled, the others outlined.
    expect(chip.className.includes('MuiChip-outlined')).toBe(!sensitive);
  });

  it('bounds long port lists with pagination', async () => {
    const outputPorts = Array.from({ length: 12 }, (_, i) => ({
      name: `port-${String(i).padStart(2, '0')}`,
      type: 'table',
      format: 'parquet',
      location: `https://data.example.com/port-${i}`,
    }));
    await render(
      dataProductEntity({ name: 'many-ports', spec: { outputPorts } }),
    );
    const outputs = screen.getByRole('table', { name: 'Output ports' });
    expect(within(outputs).getByText('port-00')).toBeInTheDocument();
    expect(within(outputs).getByText('port-04')).toBeInTheDocument();
    expect(within(outputs).queryByText('port-05')).toBeNull();
    expect(screen.getByText('1-5 of 12')).toBeInTheDocument();
    // An http(s) location is a link.
    expect(
      within(outputs).getByRole('link', {
        name: /^https:\/\/data\.example\.com\/port-0\b/,
      }),
    ).toBeInTheDocument();
    screen.getByRole('button', { name: /next page/i }).click();
    expect(await within(outputs).findByText('port-05')).toBeInTheDocument();
    expect(within(outputs).queryByText('port-00')).toBeNull();
  });

  it('says what is missing for a sparse product', async () => {
    await render(
      productWith(
        {
          inputPorts: undefined,
          outputPorts: undefined,
          classification: undefined,
        },
        dataProductEntity({ name: 'bare' }),
      ),
    );
    expect(screen.getByText(/No output ports declared/)).toBeInTheDocument();
    expect(screen.getByText('No input ports declared.')).toBeInTheDocument();
    expect(screen.getByText(/No documentation links/)).toBeInTheDocument();
    expect(screen.getByText('unclassified')).toBeInTheDocument();
  });

  it('explains itself on an entity that is not a data product', async () => {
    await render({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: {},
    });
    expect(screen.getByText('Not a data product')).toBeInTheDocument();
  });
});
