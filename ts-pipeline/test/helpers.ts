// Shared paths, test-vector loaders and a runner for the built pipeline as a real process.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/src/paths.js';

// One repo root, one cosine and one cosine floor for the whole project (the harness's).
export { REPO_ROOT };
export { cosine, MIN_COSINE } from '../../harness/src/verify/vectors.js';
export const PIPELINE_DIR = join(REPO_ROOT, 'ts-pipeline');
export const PIPELINE_ENTRY = join(PIPELINE_DIR, 'dist', 'main.js');
export const TESTDATA = join(REPO_ROOT, 'pipelines', 'testdata');
export const TEST_CORPUS = join(TESTDATA, 'corpus');
export const MODEL_DIR = process.env.RAG_BENCH_MODEL_DIR ?? join(REPO_ROOT, 'models', 'all-MiniLM-L6-v2');

export function readTestVector<T>(name: string): T {
  return JSON.parse(readFileSync(join(TESTDATA, name), 'utf8')) as T;
}

export interface ExpectedChunk {
  source: string;
  chunk_index: number;
  id: string;
  text: string;
}

export interface ExpectedChunks {
  corpus_dir: string;
  globs: string[];
  files: string[];
  documents: string[];
  skipped_files: { path: string; reason: string }[];
  settings: { chunk_size: number; chunk_overlap: number; separators: string[]; chunks: ExpectedChunk[] }[];
}

/** Compiles ts-pipeline/src to dist/ so the process tests run the current source. */
export function buildPipeline(): void {
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(PIPELINE_DIR, 'tsconfig.json')], { stdio: 'inherit' });
}

/** A valid workload on the test corpus; tests override what they need. */
export function testWorkload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    corpus: { dir: TEST_CORPUS, files: readTestVector<ExpectedChunks>('expected_chunks.json').files },
    chunking: { chunk_size: 200, chunk_overlap: 40, separators: ['\n\n', '\n', ' ', ''] },
    model: { dir: MODEL_DIR },
    embed_batch_size: 8,
    upsert_batch_size: 16,
    threads: 2,
    qdrant: { url: 'http://127.0.0.1:1', collection: 'ts_test' },
    mode: 'stub',
    ...overrides,
  };
}

export interface PipelineRun {
  code: number | null;
  events: Record<string, any>[];
  /** stdout lines that are not JSON objects (the protocol allows none). */
  strayStdout: string[];
  stderr: string;
}

export async function writeWorkload(workload: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ts-pipeline-test-'));
  const path = join(dir, 'workload.json');
  writeFileSync(path, typeof workload === 'string' ? workload : JSON.stringify(workload));
  return path;
}

/** Runs `node ts-pipeline/dist/main.js <workload>` and collects its protocol events. */
export function runPipelineProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PipelineRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [PIPELINE_ENTRY, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    child.on('error', reject);
    child.on('close', (code) => {
      const events: Record<string, any>[] = [];
      const strayStdout: string[] = [];
      for (const line of stdout.split('\n').filter((l) => l !== '')) {
        try {
          const parsed = JSON.parse(line);
          if (parsed && typeof parsed === 'object' && typeof parsed.event === 'string') events.push(parsed);
          else strayStdout.push(line);
        } catch {
          strayStdout.push(line);
        }
      }
      resolvePromise({ code, events, strayStdout, stderr });
    });
  });
}

export async function runWorkload(workload: unknown): Promise<PipelineRun> {
  return runPipelineProcess([await writeWorkload(workload)]);
}

/** The single `error` event of a failed run. */
export function errorEvent(run: PipelineRun): Record<string, any> {
  const errors = run.events.filter((e) => e.event === 'error');
  if (errors.length !== 1) throw new Error(`expected one error event, got ${JSON.stringify(run.events)}\nstderr: ${run.stderr}`);
  return errors[0];
}
