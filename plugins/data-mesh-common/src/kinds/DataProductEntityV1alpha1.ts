import {
  DEFAULT_NAMESPACE,
  Entity,
  KindValidator,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { tryParseDuration, tryParseSloObjective } from '../slo/objectives';
import { describeValue } from '../util';
import {
  DATA_PRODUCT_KIND,
  DataClassification,
  DataProductLifecycle,
  DataProductType,
  MESHWORK_API_VERSION,
  OutputPortType,
} from './constants';
import type { PolicyWaiver } from './policies';
import schema from './schema/DataProduct.v1alpha1.schema.json';
import {
  createKindValidator,
  FieldProblems,
  getField,
  getItems,
} from './validation';

/**
 * One input of a data product: another data product (optionally one of its
 * output ports) or an operational source. Exactly one of `dataProduct` and
 * `source` is set.
 *
 * @public
 */
export type DataProductInputPort = {
  /**
   * An entity reference to another data product; the kind defaults to
   * `DataProduct`, the namespace to the consuming product's.
   */
  dataProduct?: string;
  /** The output port of `dataProduct` that is read. */
  port?: string;
  /**
   * An entity reference to an operational source, e.g. `component:crm-service`
   * or `resource:orders-db`; the kind defaults to `Component`.
   */
  source?: string;
  /** What is read, and why. */
  description?: string;
};

/**
 * One way consumers read a data product.
 *
 * @public
 */
export type DataProductOutputPort = {
  /** The port's name, unique within the product. */
  name: string;
  /** How the port serves data. */
  type: OutputPortType;
  /** The data format, e.g. `delta`, `parquet`, `avro`. */
  format?: string;
  /** Where the data is served: a table name, a topic, a URL. */
  location?: string;
  /**
   * An entity reference to the API entity documenting the port; the kind
   * defaults to `API`.
   */
  api?: string;
  /** Where the port's data contract (e.g. ODCS) is. */
  contract?: string;
  /** What the port serves. */
  description?: string;
};

/**
 * A service level objective of a data product.
 *
 * @public
 */
export type DataProductSlo = {
  /** What is measured, e.g. `freshness`, `availability`, `completeness`. */
  indicator: string;
  /**
   * The target: a duration (`15m`), a percentage (`99.95%`) or a plain number;
   * see `parseSloObjective`.
   */
  objective: string | number;
  /** The period the objective is measured over, e.g. `30d`. */
  window?: string;
  /** What the objective means for consumers. */
  description?: string;
};

/**
 * The quality checks run on a data product's data.
 *
 * @public
 */
export type DataProductQuality = {
  /** The framework running the checks, e.g. `great-expectations`. */
  framework?: string;
  /** The checks, by name, with their thresholds. */
  checks?: Array<{
    name: string;
    threshold?: string | number;
    description?: string;
  }>;
};

/**
 * The self-serve platform resources a data product runs on, as the paved
 * road template writes them.
 *
 * @public
 */
export type DataProductInfrastructure = {
  /** Where the data is stored. */
  storage?: { type?: string; format?: string; encryption?: string };
  /** What computes it. */
  processing?: { engine?: string; autoscaling?: boolean };
  /** What schedules the pipelines. */
  orchestration?: { tool?: string; schedule?: string };
  /** How the data is protected. */
  security?: {
    encryptionAtRest?: boolean;
    accessControl?: string;
    auditLogging?: boolean;
  };
};

/**
 * The people behind a data product, beyond the owning team.
 *
 * @public
 */
export type DataProductTeam = {
  /** An entity reference to a User; the kind defaults to User. */
  technicalOwner?: string;
  /** An entity reference to a User; the kind defaults to User. */
  businessOwner?: string;
  /** An entity reference to the data steward; the kind defaults to Group. */
  steward?: string;
  /** The on-call rotation. */
  onCall?: string;
  /** The chat channel for questions. */
  channel?: string;
  /** A contact email address. */
  email?: string;
};

/**
 * A data product: a dataset served to consumers through output ports, owned
 * by a team in a domain, with a contract, service level objectives and a data
 * classification.
 *
 * @public
 */
export interface DataProductEntityV1alpha1 extends Entity {
  /** Meshwork's apiVersion. */
  apiVersion: 'meshwork.dev/v1alpha1';
  /** The kind. */
  kind: 'DataProduct';
  /** The product's fields. */
  spec: {
    /** Where the product sits in the mesh. */
    type: DataProductType;
    /** The product's lifecycle stage. */
    lifecycle: DataProductLifecycle;
    /** An entity reference to its Domain; the kind defaults to Domain. */
    domain: string;
    /** An entity reference to its owner; the kind defaults to Group. */
    owner: string;
    /** The version of its contract, a semantic version. */
    version?: string;
    /** How sensitive its data is. */
    classification?: DataClassification;
    /** Whether it holds personally identifiable information. */
    containsPii?: boolean;
    /** How many days records are kept. */
    retentionDays?: number;
    /** The declared lineage: what the product reads. */
    inputPorts?: DataProductInputPort[];
    /** How consumers read the product. */
    outputPorts?: DataProductOutputPort[];
    /** The product's service level objectives. */
    slos?: DataProductSlo[];
    /** The quality checks on its data. */
    quality?: DataProductQuality;
    /** The platform resources it runs on. */
    infrastructure?: DataProductInfrastructure;
    /** The people behind it. */
    team?: DataProductTeam;
    /** Approved exemptions from governance policies. */
    waivers?: PolicyWaiver[];
  };
}

// https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const names = makeValidator();

/** @internal */
export function isValidDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
  );
}

/** @internal */
export function checkWaivers(
  entity: Entity,
  problems: FieldProblems,
  namespace: string,
) {
  getItems(entity, 'spec', 'waivers').forEach((waiver, index) => {
    const path = `spec.waivers[${index}]`;
    const approver = getField(waiver, 'approver');
    if (approver !== undefined) {
      problems.ref(`${path}.approver`, approver, {
        defaultKind: 'User',
        allowedKinds: ['User', 'Group'],
        defaultNamespace: namespace,
      });
    }
    const expires = getField(waiver, 'expires');
    if (expires !== undefined && !isValidDate(expires)) {
      problems.add(
        `${path}.expires`,
        `must be a date such as 2026-06-30 (YYYY-MM-DD), but found ${describeValue(
          expires,
        )}`,
      );
    }
  });
}

function checkDataProductFields(entity: Entity, problems: FieldProblems) {
  const namespace =
    typeof entity.metadata?.namespace === 'string'
      ? entity.metadata.namespace
      : DEFAULT_NAMESPACE;
  const selfRef =
    typeof entity.metadata?.name === 'string'
      ? stringifyEntityRef({
          kind: DATA_PRODUCT_KIND,
          namespace,
          name: entity.metadata.name,
        })
      : undefined;
  const spec = entity.spec;

  if (getField(spec, 'domain') !== undefined) {
    problems.ref('spec.domain', getField(spec, 'domain'), {
      defaultKind: 'Domain',
      allowedKinds: ['Domain'],
      defaultNamespace: namespace,
    });
  }
  if (getField(spec, 'owner') !== undefined) {
    problems.ref('spec.owner', getField(spec, 'owner'), {
      defaultKind: 'Group',
      allowedKinds: ['Group', 'User'],
      defaultNamespace: namespace,
    });
  }
  const version = getField(spec, 'version');
  if (typeof version === 'string' && !SEMVER.test(version)) {
    problems.add(
      'spec.version',
      `must be a semantic version such as 2.1.0, but found ${describeValue(
        version,
      )}`,
    );
  }

  getItems(spec, 'inputPorts').forEach((port, index) => {
    const path = `spec.inputPorts[${index}]`;
    if (port === null || typeof port !== 'object' || Array.isArray(port)) {
      return; // the schema reports what it should be
    }
    const dataProduct = getField(port, 'dataProduct');
    const source = getField(port, 'source');
    if (dataProduct !== undefined && source !== undefined) {
      problems.add(path, 'must name either dataProduct or source, not both');
    } else if (dataProduct === undefined && source === undefined) {
      problems.add(
        path,
        'must name what it reads: dataProduct (another data product) or source (an operational source)',
      );
    } else if (dataProduct !== undefined) {
      const ref = problems.ref(`${path}.dataProduct`, dataProduct, {
        defaultKind: DATA_PRODUCT_KIND,
        allowedKinds: [DATA_PRODUCT_KIND],
        defaultNamespace: namespace,
      });
      if (ref && selfRef && stringifyEntityRef(ref) === selfRef) {
        problems.add(
          `${path}.dataProduct`,
          `refers to the product itself (${selfRef}); a data product cannot depend on itself`,
        );
      }
    } else {
      const ref = problems.ref(`${path}.source`, source, {
        defaultKind: 'Component',
        defaultNamespace: namespace,
      });
      if (ref && ref.kind.toLocaleLowerCase('en-US') === 'dataproduct') {
        problems.add(
          `${path}.source`,
          `refers to a data product (${stringifyEntityRef(
            ref,
          )}); name data products with dataProduct instead`,
        );
      }
      if (getField(port, 'port') !== undefined) {
        problems.add(
          `${path}.port`,
          'names an output port of a data product, so it is only allowed together with dataProduct',
        );
      }
    }
  });

  const portNames = new Map<string, number>();
  getItems(spec, 'outputPorts').forEach((port, index) => {
    const path = `spec.outputPorts[${index}]`;
    const name = getField(port, 'name');
    if (typeof name === 'string' && name) {
      if (!names.isValidEntityName(name)) {
        problems.add(
          `${path}.name`,
          `must be letters and digits separated by -, _ or . (at most 63 characters), but found ${describeValue(
            name,
          )}`,
        );
      } else if (portNames.has(name)) {
        problems.add(
          `${path}.name`,
          `must be unique, but ${describeValue(
            name,
          )} is also the name of spec.outputPorts[${portNames.get(name)}]`,
        );
      } else {
        portNames.set(name, index);
      }
    }
    const api = getField(port, 'api');
    if (api !== undefined) {
      problems.ref(`${path}.api`, api, {
        defaultKind: 'API',
        allowedKinds: ['API'],
        defaultNamespace: namespace,
      });
    }
  });

  getItems(spec, 'slos').forEach((slo, index) => {
    const path = `spec.slos[${index}]`;
    const objective = getField(slo, 'objective');
    if (objective !== undefined) {
      const parsed = tryParseSloObjective(objective);
      if (!parsed.ok) {
        problems.add(
          `${path}.objective`,
          `must be ${parsed.expected}, but found ${describeValue(objective)}`,
        );
      }
    }
    const window = getField(slo, 'window');
    if (window !== undefined) {
      const parsed = tryParseDuration(window);
      if (!parsed.ok) {
        problems.add(
          `${path}.window`,
          `must be ${parsed.expected}, but found ${describeValue(window)}`,
        );
      }
    }
  });

  for (const [field, defaultKind, allowedKinds] of [
    ['technicalOwner', 'User', ['User']],
    ['businessOwner', 'User', ['User']],
    ['steward', 'Group', ['Group', 'User']],
  ] as const) {
    const value = getField(spec, 'team', field);
    if (value !== undefined) {
      problems.ref(`spec.team.${field}`, value, {
        defaultKind,
        allowedKinds,
        defaultNamespace: namespace,
      });
    }
  }

  checkWaivers(entity, problems, namespace);
}

/**
 * Entity data validator for {@link DataProductEntityV1alpha1}: `false` for
 * other kinds, `true` for a valid data product, and a `TypeError` naming the
 * field and what was expected for an invalid one.
 *
 * @public
 */
export const dataProductEntityV1alpha1Validator: KindValidator =
  createKindValidator({
    apiVersion: MESHWORK_API_VERSION,
    kind: DATA_PRODUCT_KIND,
    schema,
    checkFields: checkDataProductFields,
  });

/**
 * Type guard for {@link DataProductEntityV1alpha1}.
 *
 * @public
 */
export function isDataProductEntity(
  entity: Entity,
): entity is DataProductEntityV1alpha1 {
  return (
    entity.apiVersion === MESHWORK_API_VERSION &&
    entity.kind === DATA_PRODUCT_KIND
  );
}
