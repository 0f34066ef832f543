// rust-ort loads ONNX Runtime at run time: set-up leaves it out of a run, with one line, when the
// library it would load is not there (the same rule as the binary's own: ORT_DYLIB_PATH, else
// onnxruntime-node's library).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ONNXRUNTIME_NODE_LIBRARY } from '../src/paths.js';
import { onnxRuntimeLibraryProblem } from '../src/setup/steps/onnxruntime-library.js';

describe('the ONNX Runtime library rust-ort loads', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ort-library-'));

  it('ORT_DYLIB_PATH naming a missing file is the reason, naming the path', () => {
    const missing = path.join(dir, 'libonnxruntime.so.1');
    expect(onnxRuntimeLibraryProblem({ ORT_DYLIB_PATH: missing })).toBe(`ORT_DYLIB_PATH names ${missing}, which does not exist`);
  });

  it('ORT_DYLIB_PATH naming a file is no problem', () => {
    const present = path.join(dir, 'present.so');
    writeFileSync(present, '');
    expect(onnxRuntimeLibraryProblem({ ORT_DYLIB_PATH: present })).toBeNull();
  });

  it("without ORT_DYLIB_PATH, onnxruntime-node's library after npm ci is no problem", () => {
    expect(ONNXRUNTIME_NODE_LIBRARY).toContain(path.join('node_modules', 'onnxruntime-node', 'bin', 'napi-v6'));
    expect(onnxRuntimeLibraryProblem({})).toBeNull();
  });
});
