// rust-tch links the venv's libtorch: set-up builds it only when selected, after the venv, and a
// build that cannot happen leaves the variant out with one line (libtorch missing, or cargo's
// first error).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstError } from '../src/setup/steps/rust-build.js';
import { buildRustTch, libtorchProblem, VENV_LIBTORCH } from '../src/setup/steps/rust-tch-build.js';

describe('the libtorch rust-tch builds against', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'libtorch-'));

  it('LIBTORCH naming a directory without libtorch_cpu.so is the reason, naming it', () => {
    expect(libtorchProblem({ LIBTORCH: dir })).toBe(
      `LIBTORCH names ${dir}, which has no lib/libtorch_cpu.so: run \`npm run setup\` to install the venv's torch, or set LIBTORCH to a libtorch directory`,
    );
  });

  it('LIBTORCH naming a libtorch directory is no problem', () => {
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'libtorch_cpu.so'), '');
    expect(libtorchProblem({ LIBTORCH: dir })).toBeNull();
  });

  it("without LIBTORCH, the venv's torch is the one looked for", () => {
    expect(VENV_LIBTORCH).toContain(path.join('python-baseline', '.venv', 'lib', 'python3.11', 'site-packages', 'torch'));
    expect(libtorchProblem({ LIBTORCH: '' }) ?? 'present').toMatch(/^(present|python-baseline\/\.venv\/.* \(the venv's torch\) has no lib\/libtorch_cpu\.so)/);
  });
});

describe("a failed build's one line", () => {
  it("is the first compiler error, not cargo's summary", () => {
    const tail = [
      '  cargo:warning=In file included from libtch/torch_api.cpp:1:',
      '  cargo:warning=libtch/torch_api_generated.cpp:120:5: error: no member named "foo" in namespace "at"',
      'error: failed to run custom build command for `torch-sys v0.26.0`',
    ];
    expect(firstError(tail)).toBe('cargo:warning=libtch/torch_api_generated.cpp:120:5: error: no member named "foo" in namespace "at"');
  });

  it('is the last line when no line says error', () => {
    expect(firstError(['Compiling tch v0.26.0', 'killed'])).toBe('killed');
    expect(firstError([])).toBe('cargo failed without output');
  });
});

describe('the rust-tch set-up step without libtorch', () => {
  it('leaves the variant out with the reason instead of running cargo or failing set-up', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-libtorch-'));
    const saved = process.env.LIBTORCH;
    process.env.LIBTORCH = empty;
    try {
      const lines: string[] = [];
      const build = await buildRustTch((line) => lines.push(line));
      expect(build.problem).toBe(libtorchProblem({ LIBTORCH: empty }));
      expect(lines).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.LIBTORCH;
      else process.env.LIBTORCH = saved;
    }
  });
});
