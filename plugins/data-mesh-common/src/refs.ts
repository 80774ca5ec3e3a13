import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import { describeValue } from './util';

const validators = makeValidator();

/** How to read one entity reference field. */
export type RefRules = {
  /** The kind assumed when the reference has none. */
  defaultKind: string;
  /** The kinds the reference may name (case-insensitive); any when absent. */
  allowedKinds?: readonly string[];
  /** The namespace assumed when the reference has none. */
  defaultNamespace?: string;
};

/** @internal */
export type ParsedRef =
  | { ok: true; ref: CompoundEntityRef }
  | { ok: false; problem: string };

function withArticle(kind: string): string {
  return /^[aeio]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function describeKinds(kinds: readonly string[]): string {
  const named = kinds.map(withArticle);
  if (named.length === 1) {
    return named[0];
  }
  return `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
}

/**
 * Reads an entity reference the way the catalog does (`[<kind>:][<namespace>/]<name>`,
 * with defaults), and checks that its parts are valid catalog names and its
 * kind one of the allowed ones.
 *
 * @returns the reference, or a problem phrased to follow the field's name
 * @internal
 */
export function tryParseRef(value: unknown, rules: RefRules): ParsedRef {
  const { defaultKind, allowedKinds } = rules;
  const kindsText = describeKinds(allowedKinds ?? [defaultKind]);
  const example = `${defaultKind.toLocaleLowerCase('en-US')}:default/name`;
  const expected = allowedKinds
    ? `a reference to ${kindsText}, such as "name" or "${example}"`
    : `an entity reference such as "name" or "${example}"`;
  if (typeof value !== 'string' || !value.trim()) {
    return {
      ok: false,
      problem: `must be ${expected}, but found ${describeValue(value)}`,
    };
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: rules.defaultNamespace ?? DEFAULT_NAMESPACE,
    });
  } catch {
    return {
      ok: false,
      problem: `must be ${expected} in the form [<kind>:][<namespace>/]<name>, but found ${describeValue(
        value,
      )}`,
    };
  }
  if (
    !validators.isValidKind(ref.kind) ||
    !validators.isValidNamespace(ref.namespace) ||
    !validators.isValidEntityName(ref.name)
  ) {
    return {
      ok: false,
      problem: `must be ${expected} whose kind, namespace and name are valid catalog names, but found ${describeValue(
        value,
      )}`,
    };
  }
  if (
    allowedKinds &&
    !allowedKinds.some(
      k => k.toLocaleLowerCase('en-US') === ref.kind.toLocaleLowerCase('en-US'),
    )
  ) {
    return {
      ok: false,
      problem: `must be a reference to ${kindsText}, but found ${describeValue(
        value,
      )} (kind ${ref.kind})`,
    };
  }
  return { ok: true, ref };
}

/** @internal */
export function parseRefOrThrow(
  field: string,
  value: unknown,
  rules: RefRules,
): CompoundEntityRef {
  const result = tryParseRef(value, rules);
  if (!result.ok) {
    throw new TypeError(`${field} ${result.problem}`);
  }
  return result.ref;
}
