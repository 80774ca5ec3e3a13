/**
 * The apiVersion of Meshwork's catalog kinds: `DataProduct`, and the evolved
 * `Domain`.
 *
 * @public
 */
export const MESHWORK_API_VERSION = 'meshwork.dev/v1alpha1';

/**
 * The kind name of a data product entity.
 *
 * @public
 */
export const DATA_PRODUCT_KIND = 'DataProduct';

/**
 * The kind name of a domain entity. Meshwork evolves Backstage's own `Domain`
 * kind under its own apiVersion, so references stay `domain:<ns>/<name>`.
 *
 * @public
 */
export const DOMAIN_KIND = 'Domain';

/**
 * Where a data product sits in the mesh: close to an operational source,
 * combining other products, or shaped for one group of consumers.
 *
 * @public
 */
export type DataProductType =
  | 'source-aligned'
  | 'aggregate'
  | 'consumer-aligned';

/**
 * All values of {@link DataProductType}, in order.
 *
 * @public
 */
export const DATA_PRODUCT_TYPES: readonly DataProductType[] = [
  'source-aligned',
  'aggregate',
  'consumer-aligned',
];

/**
 * The lifecycle stage of a data product.
 *
 * @public
 */
export type DataProductLifecycle =
  | 'experimental'
  | 'production'
  | 'deprecated'
  | 'retired';

/**
 * All values of {@link DataProductLifecycle}, in order.
 *
 * @public
 */
export const DATA_PRODUCT_LIFECYCLES: readonly DataProductLifecycle[] = [
  'experimental',
  'production',
  'deprecated',
  'retired',
];

/**
 * The data classification of a product, from least to most sensitive.
 *
 * @public
 */
export type DataClassification =
  | 'public'
  | 'internal'
  | 'confidential'
  | 'restricted';

/**
 * All values of {@link DataClassification}, from least to most sensitive.
 *
 * @public
 */
export const DATA_CLASSIFICATIONS: readonly DataClassification[] = [
  'public',
  'internal',
  'confidential',
  'restricted',
];

/**
 * How an output port serves its data.
 *
 * @public
 */
export type OutputPortType = 'table' | 'topic' | 'file' | 'api' | 'view';

/**
 * All values of {@link OutputPortType}.
 *
 * @public
 */
export const OUTPUT_PORT_TYPES: readonly OutputPortType[] = [
  'table',
  'topic',
  'file',
  'api',
  'view',
];

/**
 * How strictly a governance policy is enforced: a `required` policy can block
 * a product, a `recommended` one warns, an `optional` one only informs.
 *
 * @public
 */
export type PolicySeverity = 'required' | 'recommended' | 'optional';

/**
 * All values of {@link PolicySeverity}, from strictest to most lenient. A tuple, so that
 * schema builders (`z.enum(POLICY_SEVERITIES)`) take it as it is.
 *
 * @public
 */
export const POLICY_SEVERITIES = [
  'required',
  'recommended',
  'optional',
] as const satisfies readonly PolicySeverity[];

/**
 * What a policy id looks like, in app-config and in a Domain's `spec.policies`: lowercase
 * letters and digits, joined by single `-`, `_` or `.`, e.g. `orders-freshness`.
 *
 * @public
 */
export const POLICY_ID_PATTERN = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
