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

import { InputError } from '@backstage/errors';
import type { DataProductEntityV1alpha1 } from '@meshwork/plugin-data-mesh-common';
import {
  parseDataProductDocuments,
  type DataProductDocumentsInput,
} from '@meshwork/plugin-data-mesh-node';
import type express from 'express';

/** The content types `POST /evaluate` reads as YAML. */
export const YAML_CONTENT_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which of the documented body forms a request uses. */
function documentsOf(body: unknown): DataProductDocumentsInput {
  if (typeof body === 'string') return { yaml: body };
  if (isObject(body) && typeof body.yaml === 'string') {
    return { yaml: body.yaml };
  }
  if (isObject(body) && body.entity !== undefined) {
    return { entity: body.entity };
  }
  if (
    isObject(body) &&
    (body.kind !== undefined || body.apiVersion !== undefined)
  ) {
    return { entity: body };
  }
  throw new InputError(
    'body: send a DataProduct entity as JSON, as { "entity": ... }, as { "yaml": "..." }, ' +
      'or as a YAML body (Content-Type: application/yaml)',
  );
}

/**
 * The draft DataProducts of a `POST /evaluate` request: JSON (an entity, `{ entity }` or
 * `{ yaml }`) or a YAML body (several documents allowed, e.g. a whole catalog-info.yaml),
 * read by the suite's one DataProduct document parser, so they are checked as the
 * catalog and the scaffolder check them.
 *
 * @throws InputError naming the bad field
 */
export async function parseDrafts(
  req: express.Request,
): Promise<DataProductEntityV1alpha1[]> {
  if (!req.is(['application/json', ...YAML_CONTENT_TYPES])) {
    throw new InputError(
      'body: send application/json or application/yaml (Content-Type header)',
    );
  }
  const input = documentsOf(req.body);
  // YAML input is named `yaml` (the body, or the field of that name) in every message.
  const { products } = await parseDataProductDocuments(input, {
    ...('yaml' in input ? { source: 'yaml' } : {}),
  });
  return products;
}
