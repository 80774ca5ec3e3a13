import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  cachedDomainLookup,
  policyEngineServiceRef,
} from '@meshwork/plugin-data-mesh-node';
import { DataMeshEntitiesProcessor } from './processor/DataMeshEntitiesProcessor';

class DomainNotFound extends Error {}

/** Turns the cache's thrown misses (which it does not keep) back into `undefined`. */
function hitsOnly(lookup: (ref: string) => Promise<Entity | undefined>) {
  return async (ref: string) => {
    try {
      return await lookup(ref);
    } catch (e) {
      if (e instanceof DomainNotFound) return undefined;
      throw e;
    }
  };
}

/**
 * The catalog module of Meshwork: validates `DataProduct` and `Domain`
 * (apiVersion `meshwork.dev/v1alpha1`) entities and emits the relations of
 * data products to their owner, domain, inputs and APIs.
 *
 * With `dataMesh.catalog.enforcement: block` it also refuses a data product that
 * fails a required governance policy (global or of its domains), so the catalog keeps
 * serving the product's last good version.
 *
 * @public
 */
export const catalogModuleDataMesh = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'data-mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        policyEngine: policyEngineServiceRef,
        catalogApi: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ catalog, policyEngine, catalogApi, auth, logger }) {
        const block = policyEngine.enforcement === 'block';
        if (block) {
          logger.info(
            'Data products that fail a required governance policy are refused (dataMesh.catalog.enforcement: block)',
          );
        }
        catalog.addProcessor(
          new DataMeshEntitiesProcessor(
            block
              ? {
                  enforcement: {
                    engine: policyEngine,
                    // Domains come from the catalog itself, cached for a few seconds.
                    // A domain that is not there yet is not cached, so it applies as
                    // soon as the catalog has processed it.
                    getDomain: hitsOnly(
                      cachedDomainLookup(
                        async ref => {
                          const domain = await catalogApi.getEntityByRef(ref, {
                            credentials: await auth.getOwnServiceCredentials(),
                          });
                          if (!domain) throw new DomainNotFound();
                          return domain;
                        },
                        { ttlMs: 5_000 },
                      ),
                    ),
                  },
                }
              : undefined,
          ),
        );
      },
    });
  },
});
