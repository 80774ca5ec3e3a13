/*
 * The root README's "Install into your existing Backstage" section, read as an adopter
 * reads it: its code blocks, each with the place it names in its first line, applied to
 * an app's files. An instruction this file does not know fails, so a README change is
 * either understood here or breaks the suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './packages';

export const SECTION = '## Install into your existing Backstage';

export interface Block {
  lang: string;
  /** The first line, the comment that says where the block goes. */
  target: string;
  /** Everything after the first line. */
  body: string;
  /** The whole block. */
  text: string;
}

/** The fenced code blocks of the install section, in order. */
export function installBlocks(
  readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'),
): Block[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const next = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const blocks: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of section.matchAll(re)) {
    const text = m[2];
    const [first, ...rest] = text.split('\n');
    blocks.push({
      lang: m[1],
      target: first.trim(),
      body: rest.join('\n'),
      text,
    });
  }
  return blocks;
}

/** The `backend.add(...)` lines of the backend block. */
export function backendLines(blocks: Block[]): string {
  const block = blocks.find(
    b => b.lang === 'ts' && b.text.includes('backend.add('),
  );
  if (!block) throw new Error('the install section has no backend.add block');
  return block.text;
}

/** The app-config blocks to apply (not the alternatives), by the file they name. */
export function configBlocks(
  blocks: Block[],
): { file: string; yaml: string }[] {
  return blocks
    .filter(b => b.lang === 'yaml' && !/\(alternative/.test(b.target))
    .map(b => {
      const m = /^#\s*(app-config[\w.-]*\.yaml)/.exec(b.target);
      if (!m) {
        throw new Error(
          `a YAML block of the install section does not name its file: ${b.target}`,
        );
      }
      return { file: m[1], yaml: b.text };
    });
}

function insertAfterImports(source: string, code: string): string {
  const lines = source.split('\n');
  let last = -1;
  let inImport = false;
  lines.forEach((line, i) => {
    if (/^import\b/.test(line)) inImport = true;
    if (
      inImport &&
      /from\s+['"][^'"]+['"];?\s*$|^import\s+['"][^'"]+['"];?\s*$/.test(line)
    ) {
      last = i;
      inImport = false;
    }
  });
  lines.splice(last + 1, 0, code.trimEnd());
  return lines.join('\n');
}

function indexAfter(source: string, needle: string, from = 0): number {
  const i = source.indexOf(needle, from);
  if (i < 0) throw new Error(`the stock file has no ${needle}`);
  return i;
}

function lineStart(source: string, i: number) {
  return source.lastIndexOf('\n', i) + 1;
}

function lineEnd(source: string, i: number) {
  const e = source.indexOf('\n', i);
  return e < 0 ? source.length : e + 1;
}

/**
 * Applies one tsx block to the stock file it names (`EntityPage.tsx: ...`), following
 * the instruction after the colon. Returns the new source.
 */
export function applyTsxBlock(source: string, block: Block): string {
  const m = /^\/\/\s*([\w.]+):\s*(.+)$/.exec(block.target);
  if (!m)
    throw new Error(`a tsx block does not say where it goes: ${block.target}`);
  const instruction = m[2].trim();
  const code = `${block.body.trimEnd()}\n`;
  if (instruction === 'add to the imports') {
    return insertAfterImports(source, code);
  }
  let at: number;
  let mm: RegExpExecArray | null;
  if ((mm = /^add above `(.+)`$/.exec(instruction))) {
    at = lineStart(source, indexAfter(source, mm[1]));
  } else if (
    (mm = /^in `(\w+)`, add above the `(\w+)` case$/.exec(instruction))
  ) {
    const scope = indexAfter(source, `const ${mm[1]} =`);
    at = lineStart(source, indexAfter(source, `isKind('${mm[2]}')`, scope));
  } else if (
    (mm = /^in `(\w+)`, add after the grid item of `(.+)`$/.exec(instruction))
  ) {
    const scope = indexAfter(source, `const ${mm[1]} =`);
    const card = indexAfter(source, mm[2], scope);
    at = lineEnd(source, indexAfter(source, '</Grid>', card));
  } else if ((mm = /^in `(\w+)`, add inside `<(\w+)>`$/.exec(instruction))) {
    const scope = indexAfter(source, `const ${mm[1]} =`);
    at = lineEnd(source, indexAfter(source, `<${mm[2]}>`, scope));
  } else if ((mm = /^add after the `(.+)` sidebar item$/.exec(instruction))) {
    at = lineEnd(source, indexAfter(source, `text="${mm[1]}"`));
  } else {
    throw new Error(
      `the adopter test does not know the README instruction "${instruction}" (${block.target})`,
    );
  }
  return `${source.slice(0, at)}${code}${source.slice(at)}`;
}

/** The tsx blocks, by the file name their first line gives. */
export function tsxBlocks(blocks: Block[]): { file: string; block: Block }[] {
  return blocks
    .filter(b => b.lang === 'tsx')
    .map(block => {
      const m = /^\/\/\s*([\w.]+):/.exec(block.target);
      if (!m)
        throw new Error(`a tsx block does not name its file: ${block.target}`);
      return { file: m[1], block };
    });
}
