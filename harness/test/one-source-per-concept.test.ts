/**
 * One source per concept (issue 10 item 2): the repo root, the atomic write, the cosine floor,
 * cosine(), the seeded random generator and the gate's defaults are each defined once, and no
 * code finds out what happened by parsing a message or a class name. Scans every TypeScript
 * and JavaScript source of the repo, tests included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

const SKIP = new Set(['node_modules', 'dist', 'target', '.cache', '.git', '.venv', 'models']);
/** Output directories at the top of the repo (harness/src/results/ is source). */
const SKIP_TOP = new Set(['results']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || (dir === REPO && SKIP_TOP.has(e.name))) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(ts|mts|mjs|js)$/.test(e.name) ? [full] : [];
  });
}

const files = sources(REPO).map((f) => ({ file: path.relative(REPO, f), text: readFileSync(f, 'utf8') }));
const THIS_FILE = 'harness/test/one-source-per-concept.test.ts';
const definedIn = (pattern: RegExp) => files.filter((f) => f.file !== THIS_FILE && pattern.test(f.text)).map((f) => f.file);

describe('one source per concept', () => {
  it.each([
    ['the repo root', /\bREPO_ROOT\s*=/, 'harness/src/paths.ts'],
    ['the atomic write', /function writeFileAtomic|writeFile(Sync)?\(\s*tmp\b/, 'harness/src/results/atomic.ts'],
    ['the cosine floor', /\bMIN_COSINE\s*=/, 'harness/src/verify/vectors.ts'],
    ['cosine()', /function cosine\s*\(/, 'harness/src/verify/vectors.ts'],
    ['the seeded random generator (mulberry32)', /0x6d2b79f5/i, 'harness/src/stats/random.ts'],
    ["the gate's default thresholds", /thresholds:\s*\{\s*time:\s*0\.\d/, 'harness/src/config/check.ts'],
  ])('%s is defined once', (_what, pattern, home) => {
    expect(definedIn(pattern)).toEqual([home]);
  });

  it('no code parses a message or a class name to learn what happened', () => {
    const parsing = /constructor\.name\s*===|\.(failure|message)\??\.startsWith\(|\/verif\/i\.test|=== 'interrupted \(Ctrl-C\)'|\.startsWith\('too few samples'\)/;
    expect(definedIn(parsing)).toEqual([]);
  });
});
