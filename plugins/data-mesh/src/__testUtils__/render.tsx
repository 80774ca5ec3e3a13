import type { Entity } from '@backstage/catalog-model';
import {
  scmIntegrationsApiRef,
  ScmIntegrationsApi,
} from '@backstage/integration-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
  TestApiProviderProps,
} from '@backstage/test-utils';
import type { ReactElement } from 'react';

/**
 * Renders a card or tab as an entity page shows it: in Backstage's test app,
 * for `entity`, with the entity route mounted, the given APIs, and the SCM
 * integrations an app without `integrations:` config has (real, not mocked).
 */
export function renderForEntity(
  element: ReactElement,
  options: {
    entity: Entity;
    apis?: TestApiProviderProps<any[]>['apis'];
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          scmIntegrationsApiRef,
          ScmIntegrationsApi.fromConfig(mockApis.config()),
        ],
        ...(options.apis ?? []),
      ]}
    >
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
