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

import type express from 'express';

/*
 * Request bodies that a route's own parser reads before the OpenAPI validator sees them.
 * The parsers name the bad field in the words the API documents (`[2].value: must be a
 * number`, `Invalid OpenLineage RunEvent at index 2 of the batch: ...`); the validator
 * then still refuses anything else the spec forbids.
 */

/** A route's body parser. */
export interface BodyCheck {
  method: 'POST';
  /** The route path, as mounted on the plugin router. */
  path: string;
  parse(req: express.Request): unknown | Promise<unknown>;
}

const parsed = new WeakMap<express.Request, unknown>();

/** Middleware that runs the parser of the request's route, if it has one. */
export function checkBodies(checks: BodyCheck[]): express.RequestHandler {
  const byRoute = new Map(checks.map(c => [`${c.method} ${c.path}`, c]));
  return (req, _res, next) => {
    const check = byRoute.get(`${req.method} ${req.path}`);
    if (!check) {
      next();
      return;
    }
    Promise.resolve()
      .then(() => check.parse(req))
      .then(value => {
        parsed.set(req, value);
        next();
      }, next);
  };
}

/** What the route's parser read from the request's body. */
export function parsedBody<T>(req: express.Request): T {
  if (!parsed.has(req)) {
    throw new Error(`No body parser ran for ${req.method} ${req.path}`);
  }
  return parsed.get(req) as T;
}
