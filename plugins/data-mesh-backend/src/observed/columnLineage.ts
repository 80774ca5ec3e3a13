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

import type { OpenLineageDataset } from './openlineage';

/*
 * Column lineage from the `columnLineage` dataset facet of an output dataset
 * (https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json):
 * `fields.<output column>.inputFields[{ namespace, name, field, transformations[{ type,
 * subtype, description, masking }] }]`. The older form (facet 1-0-x), with one
 * `transformationType` and `transformationDescription` per output field and no
 * `transformations` on the input fields, is read as one transformation per input field:
 * `transformationType: IDENTITY` as `{ type: DIRECT, subtype: IDENTITY }`, any other as
 * `{ type: DIRECT, subtype: TRANSFORMATION, description }`, `MASKED` also with
 * `masking: true`. Malformed entries are skipped; at most 1,000 output fields and 100
 * input fields each are read.
 */

/** A transformation of an input column into an output column. */
export interface ColumnTransformation {
  type: string;
  subtype?: string;
  description?: string;
  masking?: boolean;
}

/** One input column of one output column. */
export interface ColumnLineageEntry {
  field: string;
  inputNamespace: string;
  inputName: string;
  inputField: string;
  transformations: ColumnTransformation[];
}

const MAX_FIELDS = 1000;
const MAX_INPUTS = 100;
const MAX_TEXT = 1024;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' && v.length <= MAX_TEXT
    ? v
    : undefined;

function transformation(v: unknown): ColumnTransformation | undefined {
  if (!isRecord(v)) return undefined;
  const type = text(v.type);
  if (!type) return undefined;
  const subtype = text(v.subtype);
  const description =
    typeof v.description === 'string'
      ? v.description.slice(0, 4096)
      : undefined;
  return {
    type,
    ...(subtype ? { subtype } : {}),
    ...(description ? { description } : {}),
    ...(typeof v.masking === 'boolean' ? { masking: v.masking } : {}),
  };
}

function legacy(field: Record<string, unknown>): ColumnTransformation[] {
  const type = text(field.transformationType);
  const description =
    typeof field.transformationDescription === 'string'
      ? field.transformationDescription.slice(0, 4096)
      : undefined;
  if (!type && !description) return [];
  const upper = type?.toUpperCase();
  return [
    {
      type: 'DIRECT',
      subtype: upper === 'IDENTITY' ? 'IDENTITY' : 'TRANSFORMATION',
      ...(description ? { description } : {}),
      ...(upper === 'MASKED' ? { masking: true } : {}),
    },
  ];
}

/** Reads the column lineage of an output dataset; see the module comment. */
export function readColumnLineage(
  dataset: OpenLineageDataset,
): ColumnLineageEntry[] {
  const facets = dataset.facets;
  if (!isRecord(facets) || !isRecord(facets.columnLineage)) return [];
  const fields = facets.columnLineage.fields;
  if (!isRecord(fields)) return [];
  const out: ColumnLineageEntry[] = [];
  for (const [field, spec] of Object.entries(fields).slice(0, MAX_FIELDS)) {
    if (!isRecord(spec) || !Array.isArray(spec.inputFields)) continue;
    if (field.length > MAX_TEXT || field.trim() === '') continue;
    const fallback = legacy(spec);
    for (const input of spec.inputFields.slice(0, MAX_INPUTS)) {
      if (!isRecord(input)) continue;
      const namespace = text(input.namespace);
      const name = text(input.name);
      const inputField = text(input.field);
      if (!namespace || !name || !inputField) continue;
      const transformations = Array.isArray(input.transformations)
        ? input.transformations
            .map(transformation)
            .filter((t): t is ColumnTransformation => t !== undefined)
        : fallback;
      out.push({
        field,
        inputNamespace: namespace,
        inputName: name,
        inputField,
        transformations,
      });
    }
  }
  return out;
}
