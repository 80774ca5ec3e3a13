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
import express from 'express';
import request from 'supertest';
import { checkBodies, parsedBody } from './bodyChecks';

describe('checkBodies', () => {
  const app = express();
  app.use(express.json());
  app.use(
    checkBodies([
      {
        method: 'POST',
        path: '/items',
        parse: req => {
          if (!Array.isArray(req.body))
            throw new InputError('body: not a list');
          return req.body.length;
        },
      },
    ]),
  );
  app.post('/items', (req, res) => {
    res.json({ count: parsedBody<number>(req) });
  });
  app.post('/other', (req, res) => {
    res.json({
      hasParsed: (() => {
        try {
          parsedBody(req);
          return true;
        } catch {
          return false;
        }
      })(),
    });
  });
  app.use(
    (
      err: Error,
      _req: express.Request,
      res: express.Response,
      _next: unknown,
    ) => {
      res
        .status(err instanceof InputError ? 400 : 500)
        .json({ message: err.message });
    },
  );

  it("runs the route's parser first and hands its result to the route", async () => {
    const ok = await request(app).post('/items').send([1, 2, 3]);
    expect(ok.body).toEqual({ count: 3 });
    const bad = await request(app).post('/items').send({ a: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('body: not a list');
  });

  it('leaves other routes alone', async () => {
    const other = await request(app).post('/other').send([1]);
    expect(other.body).toEqual({ hasParsed: false });
  });
});
