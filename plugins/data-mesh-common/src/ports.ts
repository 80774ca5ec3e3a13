import { CompoundEntityRef, DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { DATA_PRODUCT_KIND } from './kinds/constants';
import type {
  DataProductInputPort,
  DataProductOutputPort,
} from './kinds/DataProductEntityV1alpha1';
import { parseRefOrThrow } from './refs';

/**
 * The context an input or output port is read in.
 *
 * @public
 */
export type PortRefContext = {
  /**
   * The namespace of the data product that declares the port, assumed for
   * references without one. Defaults to `default`.
   */
  defaultNamespace?: string;
};

/**
 * Resolves what an input port reads to an entity reference.
 *
 * @remarks
 *
 * `dataProduct` is a reference to a `DataProduct` (the kind may be left out);
 * `source` is a reference to an operational source, such as
 * `component:crm-service` or `resource:orders-db`, whose kind defaults to
 * `Component`. Exactly one of them must be set.
 *
 * @param port - The input port, as written in `spec.inputPorts`
 * @param context - The namespace of the product that declares the port
 * @returns The entity the port reads
 * @throws TypeError naming the field and the bad value
 * @public
 */
export function parseInputPortRef(
  port: DataProductInputPort,
  context?: PortRefContext,
): CompoundEntityRef {
  const defaultNamespace = context?.defaultNamespace ?? DEFAULT_NAMESPACE;
  if (port.dataProduct !== undefined && port.source !== undefined) {
    throw new TypeError(
      'An input port must name either dataProduct or source, not both',
    );
  }
  if (port.dataProduct !== undefined) {
    return parseRefOrThrow('dataProduct', port.dataProduct, {
      defaultKind: DATA_PRODUCT_KIND,
      allowedKinds: [DATA_PRODUCT_KIND],
      defaultNamespace,
    });
  }
  if (port.source !== undefined) {
    return parseRefOrThrow('source', port.source, {
      defaultKind: 'Component',
      defaultNamespace,
    });
  }
  throw new TypeError(
    'An input port must name what it reads: dataProduct or source',
  );
}

/**
 * Resolves the API entity that documents an output port, if it names one.
 *
 * @param port - The output port, as written in `spec.outputPorts`
 * @param context - The namespace of the product that declares the port
 * @returns The API entity reference (kind defaults to `API`), or undefined
 * @throws TypeError naming the bad value if `api` is not a reference to an API
 * @public
 */
export function parseOutputPortApiRef(
  port: DataProductOutputPort,
  context?: PortRefContext,
): CompoundEntityRef | undefined {
  if (port.api === undefined) {
    return undefined;
  }
  return parseRefOrThrow('api', port.api, {
    defaultKind: 'API',
    allowedKinds: ['API'],
    defaultNamespace: context?.defaultNamespace ?? DEFAULT_NAMESPACE,
  });
}
