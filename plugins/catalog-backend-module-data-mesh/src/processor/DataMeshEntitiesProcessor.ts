import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { PolicyEngine } from '@meshwork/plugin-data-mesh-node';
import { formatViolations } from '@meshwork/plugin-data-mesh-node';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  dataProductEntityV1alpha1Validator,
  isDataProductEntity,
  meshDomainEntityV1alpha1Validator,
  parseInputPortRef,
  parseOutputPortApiRef,
} from '@meshwork/plugin-data-mesh-common';

/**
 * Options of {@link DataMeshEntitiesProcessor}.
 *
 * @public
 */
export interface DataMeshEntitiesProcessorOptions {
  /**
   * Block mode: when given, a data product that fails a required governance policy is
   * refused with an error listing each violation, and the catalog keeps serving its last
   * good version. Without it (the default, `warn`) products are not judged here; the
   * data-mesh backend records their compliance.
   */
  enforcement?: {
    engine: PolicyEngine;
    /** Reads a Domain entity by ref, for the domain policies of the product. */
    getDomain: (ref: string) => Promise<Entity | undefined>;
  };
}

/**
 * Validates Meshwork's `DataProduct` and `Domain` (apiVersion
 * `meshwork.dev/v1alpha1`) entities, and emits a data product's relations.
 *
 * @remarks
 *
 * An invalid entity is refused with an error that names the field and what
 * was expected; the catalog then keeps serving its last good version.
 *
 * A data product gets, each with its reverse:
 * - `ownedBy` its `spec.owner` (kind defaults to Group),
 * - `partOf` its `spec.domain` (a Meshwork or a plain Backstage Domain),
 * - `dependsOn` each input port's data product or operational source,
 * - `providesApi` each API entity that documents one of its output ports.
 *
 * A Meshwork Domain gets no relations from here: Backstage's built-in
 * processor already emits `ownedBy` and `partOf` from `spec.owner` and
 * `spec.subdomainOf` for every entity of kind Domain, whatever its apiVersion.
 *
 * References to entities that do not exist are kept as relations, as the
 * catalog does for all kinds; a product that depends on itself is refused.
 *
 * @public
 */
export class DataMeshEntitiesProcessor implements CatalogProcessor {
  private readonly validators = [
    dataProductEntityV1alpha1Validator,
    meshDomainEntityV1alpha1Validator,
  ];

  private readonly enforcement?: DataMeshEntitiesProcessorOptions['enforcement'];

  constructor(options: DataMeshEntitiesProcessorOptions = {}) {
    this.enforcement = options.enforcement;
  }

  /** The name the catalog shows in processing errors. */
  getProcessorName(): string {
    return 'DataMeshEntitiesProcessor';
  }

  /** Checks Meshwork's kinds; other kinds and apiVersions are left to other processors. */
  async validateEntityKind(entity: Entity): Promise<boolean> {
    for (const validator of this.validators) {
      if (await validator.check(entity)) {
        return true;
      }
    }
    return false;
  }

  /** Emits a data product's relations and, in block mode, enforces its policies. */
  async postProcessEntity(
    entity: Entity,
    _location: unknown,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isDataProductEntity(entity)) {
      return entity;
    }

    const selfRef = getCompoundEntityRef(entity);
    const context = { defaultNamespace: selfRef.namespace };
    const emitted = new Set<string>();

    // Emits a relation and its reverse, once per type and target even when
    // several ports name the same entity.
    function relate(
      target: CompoundEntityRef,
      outgoing: string,
      incoming: string,
    ) {
      const key = `${outgoing}:${stringifyEntityRef(target)}`;
      if (emitted.has(key)) {
        return;
      }
      emitted.add(key);
      emit(
        processingResult.relation({ source: selfRef, type: outgoing, target }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: incoming,
          target: selfRef,
        }),
      );
    }

    if (this.enforcement) {
      const evaluation = await this.enforcement.engine.evaluateWithDomainLookup(
        entity,
        this.enforcement.getDomain,
      );
      if (!evaluation.passed) {
        throw new InputError(
          `${stringifyEntityRef(
            entity,
          )} is refused by governance policies (dataMesh.catalog.enforcement: block):\n${formatViolations(
            evaluation,
          )}`,
        );
      }
    }

    const { spec } = entity;
    relate(
      parseEntityRef(spec.owner, { defaultKind: 'Group', ...context }),
      RELATION_OWNED_BY,
      RELATION_OWNER_OF,
    );
    relate(
      parseEntityRef(spec.domain, { defaultKind: 'Domain', ...context }),
      RELATION_PART_OF,
      RELATION_HAS_PART,
    );
    for (const port of spec.inputPorts ?? []) {
      relate(
        parseInputPortRef(port, context),
        RELATION_DEPENDS_ON,
        RELATION_DEPENDENCY_OF,
      );
    }
    for (const port of spec.outputPorts ?? []) {
      const api = parseOutputPortApiRef(port, context);
      if (api) {
        relate(api, RELATION_PROVIDES_API, RELATION_API_PROVIDED_BY);
      }
    }

    return entity;
  }
}
