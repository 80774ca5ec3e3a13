import type { Entity } from '@backstage/catalog-model';

const SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * Whether a value may be rendered as a link: only absolute http(s) URLs are.
 * Anything else (`javascript:`, `file:`, `s3://`, relative paths) is text.
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Resolves a path written in an entity (a contract such as
 * `./contracts/orders.odcs.yaml`) against where the entity's file lives, when
 * that is an http(s) location. Returns the http(s) URL, or undefined when the
 * value can only be shown as text.
 */
export function resolveEntityUrl(
  value: string,
  entity?: Entity,
): string | undefined {
  if (isHttpUrl(value)) return value.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined; // another scheme
  const location = entity?.metadata.annotations?.[SOURCE_LOCATION];
  if (!location?.startsWith('url:')) return undefined;
  const base = location.slice('url:'.length);
  if (!isHttpUrl(base)) return undefined;
  try {
    const resolved = new URL(value, base).toString();
    return isHttpUrl(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}
