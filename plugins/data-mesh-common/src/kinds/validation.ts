import {
  Entity,
  entityKindSchemaValidator,
  KindValidator,
} from '@backstage/catalog-model';
import { RefRules, tryParseRef } from '../refs';
import { describeValue } from '../util';

/**
 * Collects the problems of one entity, each phrased as
 * `<field path> <what is wrong>`, e.g.
 * `spec.classification must be one of public, internal, confidential, restricted, but found "secret"`.
 */
export class FieldProblems {
  readonly #problems: string[] = [];

  add(path: string, problem: string) {
    this.#problems.push(`${path} ${problem}`);
  }

  /** Checks an entity reference field, returning the reference when valid. */
  ref(path: string, value: unknown, rules: RefRules) {
    const result = tryParseRef(value, rules);
    if (!result.ok) {
      this.add(path, result.problem);
      return undefined;
    }
    return result.ref;
  }

  get list(): readonly string[] {
    return this.#problems;
  }
}

/** Reads `a.b.c` from a value without trusting its shape. */
export function getField(value: unknown, ...path: Array<string | number>) {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The items of a list field, or none if the field is not a list. */
export function getItems(value: unknown, ...path: string[]): unknown[] {
  const items = getField(value, ...path);
  return Array.isArray(items) ? items : [];
}

/** Turns a JSON pointer (`/spec/inputPorts/0/source`) into `spec.inputPorts[0].source`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) =>
        /^\d+$/.test(segment)
          ? `${path}[${segment}]`
          : `${path}${path ? '.' : ''}${segment}`,
      '',
    );
}

function getAtPointer(entity: unknown, pointer: string): unknown {
  const segments = pointer
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return getField(entity, ...segments);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

// The shape of the messages of @backstage/catalog-model's schema validators:
// `<instancePath or <root>> <ajv message> - <param>: <value>, <param>: <value>`
const SCHEMA_ERROR = /^(\S+) (.*?)(?: - (.*))?$/s;

/**
 * Rephrases a schema validation error of `entityKindSchemaValidator` so that
 * it names the field as a path (`spec.outputPorts[0].type`), what was expected
 * and what was found.
 */
export function describeSchemaError(message: string, entity: unknown): string {
  const match = message.match(SCHEMA_ERROR);
  if (!match) {
    return message;
  }
  const [, location, ajvMessage, paramText] = match;
  const pointer = location === '<root>' ? '' : location;
  const path = pointerToPath(pointer) || 'entity';
  const params: Record<string, string> = {};
  for (const part of paramText?.split(', ') ?? []) {
    const colon = part.indexOf(': ');
    if (colon > 0) {
      params[part.slice(0, colon)] = part.slice(colon + 2);
    }
  }
  const found = describeValue(getAtPointer(entity, pointer));

  if (params.missingProperty) {
    const field = pointer
      ? `${path}.${params.missingProperty}`
      : params.missingProperty;
    return `${field} is required`;
  }
  if (params.allowedValues !== undefined) {
    const allowed = params.allowedValues.split(',').join(', ');
    return `${path} must be one of ${allowed}, but found ${found}`;
  }
  if (params.additionalProperty) {
    return `${path} has an unknown field ${JSON.stringify(
      params.additionalProperty,
    )}`;
  }
  if (params.type) {
    const expected = params.type
      .split(',')
      .map(t => TYPE_NAMES[t] ?? t)
      .join(' or ');
    return `${path} must be ${expected}, but found ${found}`;
  }
  if (params.comparison && params.limit) {
    const comparisons: Record<string, string> = {
      '>=': 'at least',
      '>': 'greater than',
      '<=': 'at most',
      '<': 'less than',
    };
    const comparison = comparisons[params.comparison] ?? params.comparison;
    return `${path} must be ${comparison} ${params.limit}, but found ${found}`;
  }
  if (params.limit && /(fewer|more) than/.test(ajvMessage)) {
    const unit = /items/.test(ajvMessage) ? 'items' : 'characters';
    if (/more than/.test(ajvMessage)) {
      return `${path} must have at most ${params.limit} ${unit}`;
    }
    return unit === 'characters' && params.limit === '1'
      ? `${path} must not be empty`
      : `${path} must have at least ${params.limit} ${unit}`;
  }
  if (params.pattern) {
    return `${path} must match the pattern ${params.pattern}, but found ${found}`;
  }
  return `${path} ${ajvMessage}`;
}

/**
 * Creates a catalog {@link @backstage/catalog-model#KindValidator} for one
 * kind and apiVersion.
 *
 * @remarks
 *
 * The validator answers `false` for other kinds, so that other processors get
 * their turn. For its own kind it first runs the checks a JSON schema cannot
 * express well (references, durations, dates, one-of fields), reporting all
 * their problems at once, and then the JSON schema, whose first problem is
 * rephrased to name the field. Problems are thrown as a `TypeError`, which the
 * catalog shows on the entity.
 */
export function createKindValidator(options: {
  apiVersion: string;
  kind: string;
  schema: object;
  checkFields(entity: Entity, problems: FieldProblems): void;
}): KindValidator {
  const validateSchema = entityKindSchemaValidator(options.schema);
  return {
    async check(entity: Entity) {
      if (
        entity?.apiVersion !== options.apiVersion ||
        entity?.kind !== options.kind
      ) {
        return false;
      }
      const problems = new FieldProblems();
      options.checkFields(entity, problems);
      if (problems.list.length) {
        throw new TypeError(problems.list.join('; '));
      }
      try {
        validateSchema(entity);
      } catch (error) {
        throw new TypeError(
          describeSchemaError(
            error instanceof Error ? error.message : String(error),
            entity,
          ),
        );
      }
      return true;
    },
  };
}
