import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { scmIntegrationsApiRef } from '@backstage/integration-react';
import { useCallback } from 'react';

/** The app's SCM integrations, as far as resolving links needs them. */
export type ScmIntegrations = Pick<
  typeof scmIntegrationsApiRef.T,
  'resolveUrl'
>;

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
 * `./contracts/orders.odcs.yaml`) against the entity's source location, the way
 * Backstage resolves paths in entities: `getEntitySourceLocation` and the SCM
 * integration of that location's host. Returns an http(s) URL, or undefined
 * when the value can only be shown as text (no http(s) source location,
 * another scheme such as `javascript:` or `s3://`).
 */
export function resolveEntityUrl(
  value: string,
  entity: Entity | undefined,
  integrations: ScmIntegrations,
): string | undefined {
  const path = value.trim();
  if (isHttpUrl(path)) return path;
  if (!entity) return undefined;
  let base: string;
  try {
    const location = getEntitySourceLocation(entity);
    if (location.type !== 'url') return undefined;
    base = location.target;
  } catch {
    return undefined; // the entity says nowhere where it comes from
  }
  if (!isHttpUrl(base)) return undefined;
  try {
    const resolved = integrations.resolveUrl({ url: path, base });
    // The integrations pass other schemes through unchanged: still text.
    return isHttpUrl(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/** {@link resolveEntityUrl} for one entity, with the app's SCM integrations. */
export function useEntityUrlResolver(
  entity: Entity,
): (value: string) => string | undefined {
  const integrations = useApi(scmIntegrationsApiRef);
  return useCallback(
    (value: string) => resolveEntityUrl(value, entity, integrations),
    [entity, integrations],
  );
}
