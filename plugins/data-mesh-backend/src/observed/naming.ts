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
 * How OpenLineage datasets and jobs are named in Meshwork, and how they are matched to
 * data products.
 *
 * A dataset's id is its namespace and name joined by one `/`, with the scheme and host
 * of a URI-like namespace lowercased, repeated slashes in the path collapsed and
 * trailing slashes dropped (OpenLineage naming: https://openlineage.io/docs/spec/naming):
 *
 *   namespace `s3://shopco-lake`, name `customer/profiles`  ->  `s3://shopco-lake/customer/profiles`
 *   namespace `S3://Shopco-Lake/`, name `/customer//profiles/`  ->  the same
 *
 * A product's output port `location` is normalised the same way, and matches a dataset
 * when one of the dataset's match keys equals the location's key:
 *
 * - a location with a scheme (`s3://lake/customer/profiles`, `https://...`) matches the
 *   dataset whose id it is;
 * - `kafka://<topic>` matches the topic in any Kafka cluster (namespace
 *   `kafka://<broker>:<port>`, name `<topic>`), since ports name topics, not brokers;
 * - a location without a scheme (`warehouse.sales.kpis_daily`) is a table name and
 *   matches a dataset of that name in any namespace (`postgres://host:5432`,
 *   `snowflake://account`...).
 *
 * A dataset also matches through the identifiers of its `symlinks` facet (Spark names a
 * metastore or Glue table by its storage path and gives the table in a symlink), and,
 * with `dataMesh.observed.matching.caseInsensitive: true`, without regard to case
 * (`Sales.KPIS_DAILY` matches `sales.kpis_daily`).
 *
 * A job's id is `<namespace>/<name>`. A product's annotations
 * `meshwork.dev/openlineage-namespace` and `meshwork.dev/openlineage-job` (comma-separated
 * names) bind those jobs to it.
 */

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i;

/** Node id prefixes of OpenLineage datasets and jobs (kinds cannot contain `-`). */
export const DATASET_NODE_PREFIX = 'ol-dataset:';
export const JOB_NODE_PREFIX = 'ol-job:';

function cleanPath(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
}

/** Normalises a URI-like string: lowercase scheme and host, clean path. */
function normaliseUri(value: string): string | undefined {
  const m = SCHEME.exec(value.trim());
  if (!m) return undefined;
  const [, scheme, host, path] = m;
  return `${scheme.toLowerCase()}://${host.toLowerCase()}${cleanPath(path)}`;
}

/** The id of a dataset: its normalised `<namespace>/<name>`. */
export function datasetId(namespace: string, name: string): string {
  const ns = namespace.trim().replace(/\/+$/, '');
  const n = name.trim().replace(/^\/+/, '');
  const joined = `${ns}/${n}`;
  return normaliseUri(joined) ?? cleanPath(joined);
}

/** A dataset identifier from the `symlinks` dataset facet. */
export interface SymlinkIdentifier {
  namespace: string;
  name: string;
  type?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The identifiers of a dataset's `symlinks` facet (`identifiers: [{ namespace, name,
 * type }]`), wherever the producer put the facet; malformed entries are skipped.
 */
export function symlinkIdentifiers(dataset: {
  facets?: unknown;
}): SymlinkIdentifier[] {
  const facets = dataset.facets;
  if (!isRecord(facets) || !isRecord(facets.symlinks)) return [];
  const list = facets.symlinks.identifiers;
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (i): i is SymlinkIdentifier =>
        isRecord(i) &&
        typeof i.namespace === 'string' &&
        typeof i.name === 'string' &&
        i.namespace.trim() !== '' &&
        i.name.trim() !== '',
    )
    .slice(0, 100);
}

/** The case-folded twin of a match key (`dataMesh.observed.matching.caseInsensitive`). */
export const foldedKey = (key: string) =>
  `ci:${key.toLowerCase()}`;

function ownKeys(namespace: string, name: string): string[] {
  const keys = [datasetId(namespace, name), `name:${name.trim()}`];
  const scheme = SCHEME.exec(namespace.trim())?.[1]?.toLowerCase();
  if (scheme === 'kafka') {
    keys.push(`kafka://${name.trim()}`);
  }
  return keys;
}

/**
 * The keys a dataset matches output port locations by: its own, those of each identifier
 * of its `symlinks` facet (a Spark dataset named by storage path also matches the
 * metastore table its symlink names), and the case-folded twin of each, which
 * locations match when `dataMesh.observed.matching.caseInsensitive` is set.
 */
export function datasetMatchKeys(
  namespace: string,
  name: string,
  symlinks: SymlinkIdentifier[] = [],
): string[] {
  const keys = new Set(ownKeys(namespace, name));
  for (const s of symlinks) {
    for (const k of ownKeys(s.namespace, s.name)) keys.add(k);
  }
  for (const k of [...keys]) keys.add(foldedKey(k));
  return [...keys];
}

/**
 * The key an output port location matches datasets by, or undefined for an empty one;
 * with `caseInsensitive`, the case-folded key (names compared without case, for
 * warehouses that fold unquoted names).
 */
export function locationMatchKey(
  location: string,
  options: { caseInsensitive?: boolean } = {},
): string | undefined {
  const trimmed = location.trim();
  if (!trimmed) return undefined;
  const key = normaliseUri(trimmed) ?? `name:${trimmed}`;
  return options.caseInsensitive ? foldedKey(key) : key;
}

/** The id of a job. */
export function jobId(namespace: string, name: string): string {
  return `${namespace.trim()}/${name.trim()}`;
}

/** The binding key of a job. */
export function jobMatchKey(id: string): string {
  return `job:${id}`;
}

export const datasetNode = (id: string) => `${DATASET_NODE_PREFIX}${id}`;
export const jobNode = (id: string) => `${JOB_NODE_PREFIX}${id}`;

/** Refresh subjects (freshness): a job, or a dataset written by a completed run. */
export const jobSubject = jobNode;
export const datasetSubject = datasetNode;
