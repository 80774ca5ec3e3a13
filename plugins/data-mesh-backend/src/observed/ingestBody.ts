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

import { CustomErrorBase, InputError } from '@backstage/errors';
import express from 'express';
import { MAX_JSON_DEPTH } from './openlineage';

/*
 * How the ingest routes read a body, before anything else looks at it:
 *
 * - Content-Type must be JSON: `application/json` or a `+json` type, with or without a
 *   charset (UTF-8 only, as JSON is). The Java client sends `application/json;
 *   charset=UTF-8`. Anything else is a 415 naming what was sent and what is accepted.
 * - `Content-Encoding: gzip` (or deflate) is inflated; the size limit
 *   (`dataMesh.observed.ingest.maxBodyBytes`) applies to the inflated body: over it, 413.
 * - The nesting depth is counted on the raw text before it is parsed: deeper than
 *   MAX_JSON_DEPTH (64) levels is a 400 naming the depth, so no parser, validator or
 *   hash ever recurses deeper than that.
 * - Then the text is parsed; bad JSON is a 400.
 */

/** 415: the request's Content-Type is not one the route reads. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415 as const;
}

const ACCEPTED =
  'application/json (or a +json type), optionally with charset=UTF-8';

/** Whether a Content-Type header is JSON the routes read; the error to answer if not. */
export function checkJsonContentType(
  header: string | undefined,
): UnsupportedMediaTypeError | undefined {
  if (!header || !header.trim()) {
    return new UnsupportedMediaTypeError(
      `No Content-Type was sent; send ${ACCEPTED}`,
    );
  }
  const [media, ...params] = header.split(';').map(p => p.trim());
  const type = media.toLowerCase();
  if (
    type !== 'application/json' &&
    !/^application\/[\w.+-]+\+json$/.test(type)
  ) {
    return new UnsupportedMediaTypeError(
      `Content-Type ${JSON.stringify(
        header,
      )} is not accepted; send ${ACCEPTED}`,
    );
  }
  for (const param of params) {
    const [name, value = ''] = param.split('=').map(p => p.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const charset = value.replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return new UnsupportedMediaTypeError(
        `Content-Type ${JSON.stringify(
          header,
        )}: charset ${value} is not accepted; send ${ACCEPTED}`,
      );
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of objects and arrays in JSON text, counted without parsing it
 * (brackets inside strings do not count); stops counting once past `limit`.
 */
export function jsonDepth(bytes: Uint8Array, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return max;
}

/** Parses a raw JSON body, refusing over-deep or malformed JSON with a 400. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes.length === 0) {
    throw new InputError(
      'The body is empty; send an OpenLineage event or a JSON array of them',
    );
  }
  if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new InputError(
      `The JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; at most ${MAX_JSON_DEPTH} are accepted (flatten the facet that nests it)`,
    );
  }
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new InputError(`The body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The middleware that reads the body of a POST to one of `paths` as described above (other
 * requests pass through untouched).
 */
export function readIngestBody(options: {
  paths: string[];
  maxBodyBytes: number;
}): express.RequestHandler {
  const paths = new Set(options.paths);
  const raw = express.raw({
    type: () => true,
    limit: options.maxBodyBytes,
    inflate: true,
  });
  return (req, res, next) => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    // A client url with a trailing slash (`.../openlineage/`, used as is by the Java
    // client) is the same route: the slash is dropped for everything after this.
    if (req.path.length > 1 && req.path.endsWith('/')) {
      const trimmed = req.path.replace(/\/+$/, '');
      if (paths.has(trimmed)) {
        req.url = trimmed + req.url.slice(req.path.length);
      }
    }
    if (!paths.has(req.path)) {
      next();
      return;
    }
    const unsupported = checkJsonContentType(req.headers['content-type']);
    if (unsupported) {
      next(unsupported);
      return;
    }
    raw(req, res, error => {
      if (error) {
        next(error);
        return;
      }
      try {
        const bytes: unknown = req.body;
        req.body = parseJsonBody(
          Buffer.isBuffer(bytes) ? bytes : Buffer.alloc(0),
        );
        // What was read is JSON, as the OpenAPI validator after this expects it.
        req.headers['content-type'] = 'application/json';
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}
