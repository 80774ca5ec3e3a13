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

import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { yamlBlocks } from './readmeBlocks';

// Every YAML snippet a reader may paste from a README must at least parse.
const root = path.resolve(__dirname, '..');
const readmes = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'plugins'))
    .map(p => path.join('plugins', p, 'README.md'))
    .filter(p => fs.existsSync(path.join(root, p))),
  'examples/openlineage/README.md',
].filter(p => fs.existsSync(path.join(root, p)));

const snippets = readmes.flatMap(readme =>
  yamlBlocks(fs.readFileSync(path.join(root, readme), 'utf8')).map(
    b => [readme, b.line, b.body] as const,
  ),
);

describe('README YAML snippets', () => {
  it('finds the root README install snippet', () => {
    expect(snippets.some(([readme]) => readme === 'README.md')).toBe(true);
  });

  it.each(snippets)(
    '%s: the block at line %i parses',
    (_readme, _line, body) => {
      for (const doc of parseAllDocuments(body)) {
        expect(doc.errors.map(e => e.message)).toEqual([]);
      }
    },
  );
});
