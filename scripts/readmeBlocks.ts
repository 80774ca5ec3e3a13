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
 * The fenced code blocks of a README, for the tests that hold the README to what it says
 * (scripts/readme.test.ts parses every YAML block; the data-mesh backend's
 * realClients.urls.test.ts sends what the OpenLineage blocks configure).
 */

/** One fenced code block: its language tag, the line its fence opens on, its text. */
export interface CodeBlock {
  lang: string;
  line: number;
  body: string;
}

/** The fenced code blocks of `text` whose language tag matches `lang` (all when omitted). */
export function codeBlocks(text: string, lang?: RegExp): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const re = /^```([\w+-]*)[^\n]*\n([\s\S]*?)^```/gm;
  for (const m of text.matchAll(re)) {
    if (lang && !lang.test(m[1])) continue;
    blocks.push({
      lang: m[1],
      line: text.slice(0, m.index).split('\n').length,
      body: m[2],
    });
  }
  return blocks;
}

/** The YAML blocks of `text`. */
export function yamlBlocks(text: string): CodeBlock[] {
  return codeBlocks(text, /^ya?ml$/);
}

/**
 * The part of a Markdown text under the heading `heading` (any level), up to the next
 * heading of the same or a higher level.
 */
export function markdownSection(text: string, heading: string): string {
  const lines = text.split('\n');
  let fenced = false;
  let start = -1;
  let level = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^(#+)\s+(.*)$/.exec(line);
    if (!m) continue;
    if (start < 0) {
      if (m[2].trim() === heading) {
        start = i;
        level = m[1].length;
      }
    } else if (m[1].length <= level) {
      return lines.slice(start, i).join('\n');
    }
  }
  if (start < 0) throw new Error(`No section "${heading}" in the text`);
  return lines.slice(start).join('\n');
}
