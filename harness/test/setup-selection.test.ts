// Set-up builds a variant's own part only when that variant is selected, so the default bench
// does not wait on the PyO3 wheel or rust-tch; `npm test` and CI select every part the tests use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.js';
import { BUILT_WHEN_SELECTED, builds } from '../src/setup/index.js';

/** The ids a `npm run setup -- --pipelines a,b,c` call in `text` selects. */
function setupSelection(text: string): string[] {
  const m = /npm run setup -- --pipelines (\S+)/.exec(text);
  if (!m) throw new Error('no `npm run setup -- --pipelines` call found');
  return m[1].split(',');
}

describe('the parts set-up builds for a selection', () => {
  it("the default bench's selection builds the TS pipeline, not the wheel, rust-tch, rust-langchain or rust-burn", () => {
    const defaults = ['python', 'rust', 'ts'];
    expect(builds('tsBuild', defaults)).toBe(true);
    expect(builds('rustExtWheel', defaults)).toBe(false);
    expect(builds('rustTch', defaults)).toBe(false);
    expect(builds('rustLangchain', defaults)).toBe(false);
    expect(builds('rustBurn', defaults)).toBe(false);
  });

  it('each part is built for each variant that needs it', () => {
    expect(builds('tsBuild', ['ts-wasm'])).toBe(true);
    expect(builds('rustExtWheel', ['python-rust-ext'])).toBe(true);
    expect(builds('rustTch', ['python', 'rust-tch'])).toBe(true);
    expect(builds('rustLangchain', ['rust', 'rust-langchain'])).toBe(true);
    expect(builds('rustBurn', ['rust', 'rust-burn'])).toBe(true);
  });

  it("npm test's set-up and CI's set-up select every part (the Python tests import the wheel, the Rust tests link rust-tch)", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const ci = readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');
    for (const selection of [setupSelection(pkg.scripts.test), setupSelection(ci)]) {
      for (const part of Object.keys(BUILT_WHEN_SELECTED) as Array<keyof typeof BUILT_WHEN_SELECTED>) {
        expect(builds(part, selection), `${part} for ${selection.join(',')}`).toBe(true);
      }
    }
  });
});
