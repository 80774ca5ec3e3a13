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
 * Checks on template answers before anything is rendered or written. The template's own JSON
 * schema constrains most fields (patterns, enums) and the scaffolder enforces it when a task
 * is created; these checks are the server-side backstop for everything, including free text,
 * whatever client sent the answers.
 */

/** A product name: lowercase words joined by single dashes, at most 63 characters. */
export const PRODUCT_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const PRODUCT_NAME_MAX_LENGTH = 63;

/** The longest free-text answer accepted. */
export const MAX_TEXT_LENGTH = 4000;
/** The most strings and keys looked at in one set of answers. */
const MAX_NODES = 5000;
/** The deepest nesting of answers. */
const MAX_DEPTH = 8;

// C0 controls (but tab, newline and carriage return), DEL, C1 controls, Unicode line and
// paragraph separators, and bidirectional overrides (which make text read differently from
// what it is).
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const NEWLINE_OR_TAB = /[\r\n\t]/;
// Nunjucks/Jinja delimiters, and GitHub Actions' `${{`: a value that carries them could be
// evaluated by a later templating pass (a second fetch:template, a CI workflow).
const TEMPLATE_SYNTAX = /\$\{\{|\{\{|\}\}|\{%|%\}|\{#|#\}/;
// A `..` path segment, the way out of a folder.
const PARENT_SEGMENT = /(^|[\\/])\.\.([\\/]|$)/;
const SAFE_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Describes what is wrong with a product name, or returns undefined for a good one.
 */
export function productNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') {
    return 'name is required';
  }
  if (name.length > PRODUCT_NAME_MAX_LENGTH) {
    return `name must be at most ${PRODUCT_NAME_MAX_LENGTH} characters, but has ${name.length}`;
  }
  if (!PRODUCT_NAME_PATTERN.test(name)) {
    return `name must be lowercase letters and digits in words joined by single dashes (such as customer-orders), but found ${JSON.stringify(
      name,
    )}`;
  }
  return undefined;
}

function describe(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}

/**
 * Walks a set of answers and lists every value that could escape the workspace or inject into
 * rendered files, each naming its field: control characters, template delimiters, `..` path
 * segments, newlines outside the fields that may have several lines, over-long text, odd keys.
 *
 * @param values - the answers, e.g. a template's `parameters`
 * @param multilineFields - names of fields (at any depth) that may contain newlines
 */
export function findUnsafeValues(
  values: unknown,
  multilineFields: readonly string[] = ['description'],
): string[] {
  const problems: string[] = [];
  let nodes = 0;
  const multiline = new Set(multilineFields);

  const visit = (
    value: unknown,
    path: string,
    key: string | undefined,
    depth: number,
  ) => {
    if (++nodes > MAX_NODES) {
      if (nodes === MAX_NODES + 1) {
        problems.push(`the answers hold more than ${MAX_NODES} values`);
      }
      return;
    }
    if (depth > MAX_DEPTH) {
      problems.push(`${path} is nested more than ${MAX_DEPTH} levels deep`);
      return;
    }
    if (typeof value === 'string') {
      if (value.length > MAX_TEXT_LENGTH) {
        problems.push(
          `${path} must be at most ${MAX_TEXT_LENGTH} characters, but has ${value.length}`,
        );
      }
      if (CONTROL.test(value)) {
        problems.push(
          `${path} contains control or invisible formatting characters`,
        );
      }
      if (NEWLINE_OR_TAB.test(value) && !(key && multiline.has(key))) {
        problems.push(
          `${path} must be a single line, but contains a line break or tab`,
        );
      }
      if (TEMPLATE_SYNTAX.test(value)) {
        problems.push(
          `${path} contains template syntax ({{, }}, {%, %}, {#, #} or \${{), which is not allowed in answers: ${describe(
            value,
          )}`,
        );
      }
      if (PARENT_SEGMENT.test(value)) {
        problems.push(
          `${path} contains a ".." path segment, which could point outside the product repository: ${describe(
            value,
          )}`,
        );
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, key, depth + 1));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!SAFE_KEY.test(k)) {
          problems.push(
            `${path} has a field named ${describe(
              k,
            )}; field names are letters, digits, _, . and -`,
          );
          continue;
        }
        visit(v, path ? `${path}.${k}` : k, k, depth + 1);
      }
    }
    // numbers, booleans and null are safe to render
  };

  visit(values, '', undefined, 0);
  return problems;
}
