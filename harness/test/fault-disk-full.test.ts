/**
 * The results directory's disk fills up mid-run (issue 14): the results directory is a small
 * tmpfs, and a test double pipeline fills it during the second run's second iteration. The run
 * must end with a clear error naming the file it could not write (exit 1, no stack trace), the
 * earlier run's files must be untouched and readable, the iterations finished before must be
 * kept, and nothing half-written may be left (no partial line, no temp file of an atomic write).
 * Needs `mount` (root or CAP_SYS_ADMIN); skipped with the reason where it is not allowed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchError } from '../src/errors.js';
import { appendIteration, createRunDir, writeFileAtomic } from '../src/results/index.js';
import { loadSummary } from '../src/results/summary-file.js';
import type { IterationResult } from '../src/types.js';
import { startFakeQdrant, type FakeQdrant } from './doubles/fake-qdrant.js';
import { REPO, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';

const DISK_FILLER = path.join(REPO, 'harness/test/doubles/disk-filler-pipeline.mjs');
const SIZE = '8m';

function mount(dir: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Why a tmpfs cannot be mounted here (null: it can); tried once with a probe mount. */
function mountRefused(): string | null {
  const probe = mkdtempSync(path.join(os.tmpdir(), 'tmpfs-probe-'));
  try {
    mount(probe);
    execFileSync('umount', [probe]);
    return null;
  } catch (err) {
    return `mounting a tmpfs is not permitted here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); it needs root or CAP_SYS_ADMIN`;
  } finally {
    rmdirSync(probe);
  }
}

/** Grows dir/filler.bin until the disk has no free page left. */
function fillDisk(dir: string): void {
  const fd = openSync(path.join(dir, 'filler.bin'), 'a');
  try {
    for (;;) writeSync(fd, Buffer.alloc(64 * 1024, 1));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

/** Every file under dir (relative path -> sha256), symlinks as their target. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath, e.name);
    if (e.isFile()) out.set(path.relative(dir, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    if (e.isSymbolicLink()) out.set(path.relative(dir, full), `-> ${readlinkSync(full)}`);
  }
  return out;
}

const refused = mountRefused();

let mnt = '';
let qdrant: FakeQdrant | null = null;

beforeAll(async () => {
  if (refused) return;
  mnt = mkdtempSync(path.join(os.tmpdir(), 'results-tmpfs-'));
  mount(mnt);
  qdrant = await startFakeQdrant();
});

afterAll(async () => {
  await qdrant?.close();
  if (mnt) {
    execFileSync('umount', ['--lazy', mnt]); // lazy: a failed test's open file never leaves it mounted
    rmdirSync(mnt);
  }
});

describe('a bench run whose results disk fills up', () => {
  it.skipIf(refused !== null)(refused ? `skipped: ${refused}` : 'a clear error naming the file, earlier results intact, nothing half-written', async () => {
    const counter = path.join(mkdtempSync(path.join(os.tmpdir(), 'disk-filler-')), 'runs');
    const filler = { id: 'filler', name: 'Disk filler (test double)', command: ['node', DISK_FILLER] };
    // runs 1-2 are the first bench run; run 4 (the second bench run's second iteration) fills the disk
    const env = { FAKE_PIPELINE_ID: 'filler', DISK_FILL_FILE: path.join(mnt, 'filler.bin'), DISK_FILL_COUNTER: counter, DISK_FILL_AT: '4' };
    const config = writeTestConfig([{ ...filler, env }], { iterations: 2 });
    const args = ['--config', config, '--corpus', TEST_CORPUS, '--no-setup', '--out', mnt, '--seed', '1'];

    const first = await runBenchCli(args, { QDRANT_URL: qdrant!.url });
    expect(first.exitCode, first.stderr).toBe(0);
    const firstId = readlinkSync(path.join(mnt, 'latest'));
    const before = snapshot(path.join(mnt, firstId));

    const second = await runBenchCli([...args, '--iterations', '3'], { QDRANT_URL: qdrant!.url });
    expect(second.exitCode, second.stderr).toBe(1);
    expect(second.stderr).not.toMatch(/\n\s+at |unexpected failure/);
    const named = /cannot write (\S+): ENOSPC: no space left on device/.exec(second.stderr);
    expect(named, second.stderr).not.toBeNull();
    expect(named![1].startsWith(mnt)).toBe(true);

    // the first run: every file as it was, its summary readable, still the latest complete run
    expect(snapshot(path.join(mnt, firstId))).toEqual(before);
    expect(loadSummary(path.join(mnt, firstId)).iterations).toHaveLength(2);
    expect(readlinkSync(path.join(mnt, 'latest'))).toBe(firstId);

    // the second run: the iterations finished before the write failed are kept, whole (the one
    // that filled the disk too, when its line fitted in the file's last page)
    const secondId = readdirSync(mnt).find((n) => n !== firstId && n !== 'latest' && n !== 'filler.bin')!;
    const lines = readFileSync(path.join(mnt, secondId, 'iterations.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline: no partial line
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.map((l) => JSON.parse(l).failure?.message ?? 'ok').filter((m) => m !== 'ok')).toEqual([]);

    // no temp file of an atomic write left anywhere
    expect([...snapshot(mnt).keys()].filter((f) => /\.tmp$/.test(f))).toEqual([]);
  });
});

describe('the writes of results/ on a full disk', () => {
  // The two writes of results/, each made to fail mid-write: the disk filled up to its last
  // page, then more than a page written, so part of it lands before ENOSPC.
  const big = 'x'.repeat(256 * 1024);

  it.skipIf(refused !== null)('an iteration line that does not fit: cut back off, the lines before kept, the file named', () => {
    rmSync(path.join(mnt, 'filler.bin'), { force: true });
    const runDir = createRunDir(mnt, 'append-test');
    appendIteration(runDir, { pipelineId: 'kept' } as IterationResult);
    const file = path.join(runDir, 'iterations.jsonl');
    const before = readFileSync(file, 'utf8');
    fillDisk(mnt);
    expect(() => appendIteration(runDir, { pipelineId: 'lost', message: big } as unknown as IterationResult)).toThrow(
      new RegExp(`^cannot write ${file}: ENOSPC: no space left on device`),
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it.skipIf(refused !== null)('an atomic write that does not fit: the old file intact, no temp file, the file named', () => {
    rmSync(path.join(mnt, 'filler.bin'), { force: true });
    const file = path.join(mnt, 'atomic-test.json');
    writeFileAtomic(file, '{"old": true}\n');
    fillDisk(mnt);
    expect(() => writeFileAtomic(file, big)).toThrow(BenchError);
    expect(() => writeFileAtomic(file, big)).toThrow(new RegExp(`^cannot write ${file}: ENOSPC`));
    expect(readFileSync(file, 'utf8')).toBe('{"old": true}\n');
    expect(readdirSync(mnt).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
