/**
 * harness/src/store/embedded.ts: starting and stopping the embedded Qdrant, its error
 * messages, no orphan after the parent is killed (the external store: store-external.test.ts).
 * Needs the release binary (npm run setup / cargo build --release -p qdrant-local).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { startEmbeddedStore } from '../src/store/index.js';

const EMBEDDED_MODULE = fileURLToPath(new URL('../src/store/embedded.ts', import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
}

describe('startEmbeddedStore', () => {
  it('starts on free ports, answers REST, and stop() ends the process and removes its temp dir', async () => {
    const store = await startEmbeddedStore();
    expect(store.kind).toBe('embedded');
    expect(store.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(store.grpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const root = (await (await fetch(`${store.restUrl}/`)).json()) as { version: string };
    expect(root.version).toBe(store.version);
    await store.stop();
    expect(await store.exited).toBe(0);
    expect(isAlive(store.pid)).toBe(false);
    expect(existsSync(store.dataDir)).toBe(false);
  });

  it('keeps a data dir it was given', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'embedded-test-'));
    const store = await startEmbeddedStore({ dataDir });
    await store.stop();
    expect(existsSync(path.join(dataDir, '.qdrant-local'))).toBe(true);
  });

  it('reports why the server did not start', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'embedded-test-'));
    await writeFile(path.join(dataDir, 'unrelated.txt'), 'not ours');
    await expect(startEmbeddedStore({ dataDir })).rejects.toThrow(/not a qdrant-local data dir/);
  });

  it('names the missing binary and how to build it', async () => {
    await expect(startEmbeddedStore({ binary: '/nonexistent/qdrant-local' })).rejects.toThrow(/cargo build --release -p qdrant-local/);
  });

  it('leaves no orphan when the parent process is killed with SIGKILL', async () => {
    const script = `import { startEmbeddedStore } from ${JSON.stringify(EMBEDDED_MODULE)};
const store = await startEmbeddedStore();
console.log(JSON.stringify({ pid: store.pid }));
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).once('line', resolve);
      parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    const { pid } = JSON.parse(firstLine) as { pid: number };
    expect(isAlive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntilGone(pid)).toBe(true);
  });
});
