/*
 * Copyright 2025 The Meshwork Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * How the stock OpenLineage clients turn their configuration into the URL they post to,
 * re-implemented from their source so tests can hold the README to what the clients do:
 *
 * - Python client (openlineage-python `HttpTransport`; Airflow's provider, dbt-ol and Great
 *   Expectations' action send through it): `urljoin(url, endpoint)`, endpoint defaulting to
 *   `api/v1/lineage`. urljoin resolves a reference as RFC 3986 section 5 says, so WHATWG
 *   `new URL(endpoint, url)` gives the same path (realClients.urls.test.ts checks the cases
 *   against urljoin's own answers); an empty endpoint leaves the url as it is.
 * - Java client (openlineage-java `HttpTransport`; Spark, Flink and Hive integrations): a url
 *   whose path is not blank is used as it is, and an endpoint set beside it is a
 *   configuration error; a url without a path gets the endpoint as its path, defaulting to
 *   `/api/v1/lineage`.
 *
 * And the headers each sends with an event.
 */

/** The two client families. */
export type ClientFamily = 'python' | 'java';

const DEFAULT_ENDPOINT = 'api/v1/lineage';

/** The URL the Python client posts to. */
export function pythonClientUrl(url: string, endpoint?: string): string {
  const base = url.trim();
  const ref = endpoint ?? DEFAULT_ENDPOINT;
  if (ref === '') return base;
  return new URL(ref, base).href;
}

const URL_PARTS = /^([a-z][a-z\d+.-]*:\/\/[^/?#]*)([^?#]*)(.*)$/i;

/** The URL the Java client posts to; throws where the Java client refuses the config. */
export function javaClientUrl(url: string, endpoint?: string): string {
  const m = URL_PARTS.exec(url.trim());
  if (!m) throw new Error(`Not an absolute URL: ${url}`);
  const [, origin, path, rest] = m;
  const blank = (s?: string) => !s || s.trim() === '';
  if (!blank(path)) {
    if (!blank(endpoint)) {
      throw new Error("You can't pass both uri and endpoint parameters.");
    }
    return new URL(url.trim()).href;
  }
  const target = blank(endpoint) ? `/${DEFAULT_ENDPOINT}` : endpoint!.trim();
  return new URL(
    `${origin}${target.startsWith('/') ? '' : '/'}${target}${rest}`,
  ).href;
}

/** The URL a client of `family` posts to. */
export function clientUrl(
  family: ClientFamily,
  url: string,
  endpoint?: string,
): string {
  return family === 'python'
    ? pythonClientUrl(url, endpoint)
    : javaClientUrl(url, endpoint);
}

/**
 * The headers a client of `family` sends with an event: the Python client's requests
 * session sets `Content-Type: application/json`; the Java client's entity is
 * `application/json; charset=UTF-8`, with `Content-Encoding: gzip` when `compression: gzip`
 * is configured. Both send the API key as a Bearer token.
 */
export function clientHeaders(
  family: ClientFamily,
  apiKey: string,
  options: { gzip?: boolean } = {},
): Record<string, string> {
  const auth = { Authorization: `Bearer ${apiKey}` };
  if (family === 'python') {
    return { ...auth, 'Content-Type': 'application/json' };
  }
  return {
    ...auth,
    Accept: 'application/json; charset=UTF-8',
    'Content-Type': 'application/json; charset=UTF-8',
    ...(options.gzip ? { 'Content-Encoding': 'gzip' } : {}),
  };
}
