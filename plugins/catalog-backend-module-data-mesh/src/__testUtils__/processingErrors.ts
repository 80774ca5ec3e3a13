import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * A catalog module for tests that records the catalog's processing errors per entity ref,
 * as the portal's logs module would report them.
 */
export function processingErrorRecorder(errors: Map<string, string>) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-processing-errors',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(
            ({ unprocessedEntity, errors: e }) => {
              errors.set(
                stringifyEntityRef(unprocessedEntity),
                e.map(error => error.message).join('\n'),
              );
            },
          );
        },
      });
    },
  });
}
