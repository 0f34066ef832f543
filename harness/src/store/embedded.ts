/**
 * The embedded store: qdrant-local, started here on free loopback ports.
 *
 * No orphans: the server is started with `--exit-on-stdin-eof` and a pipe on its stdin that
 * only this process holds. However this process ends (stop(), Ctrl-C, a crash, SIGKILL), the
 * kernel closes that pipe, and the server flushes and exits on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { QDRANT_LOCAL_BIN } from '../paths.js';
import type { StoreHandle } from './index.js';

export interface EmbeddedStore extends StoreHandle {
  kind: 'embedded';
  pid: number;
  dataDir: string;
  /** e.g. "qdrant-edge 0.7.2" */
  engine: string;
  /** Resolves with the exit code (-1 if killed by a signal) when the server process ends. */
  exited: Promise<number | null>;
  /** How it ended, once it has: "exit code N" or "killed by SIGKILL". */
  exitReason(): string | null;
  /**
   * A new server on the same data dir and ports (after this one died): the collections it had
   * acknowledged are there again, and clients keep their URLs. Its stop() removes the data dir
   * if this one would have.
   */
  restart(): Promise<EmbeddedStore>;
}

export interface EmbeddedOptions {
  /** Data dir; default: a fresh temporary dir, removed by stop(). */
  dataDir?: string;
  apiKey?: string;
  /** The qdrant-local binary; default target/release/qdrant-local. */
  binary?: string;
  /** Fixed ports instead of free ones (0 = free). */
  port?: number;
  grpcPort?: number;
  /** How long to wait for the ready line. Default 60 s (loading big collections takes time). */
  startTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL in stop(). Default 15 s. */
  stopGraceMs?: number;
  /** Receives the server's log lines (stderr); default: kept only for error messages. */
  onLog?: (line: string) => void;
  /** Remove the data dir on stop() even though it was given (a restarted server on its predecessor's temp dir). */
  removeDataDirOnStop?: boolean;
}

/** The server's one JSON line on stdout once both listeners are bound. */
interface ReadyLine {
  event: 'ready';
  rest_url: string;
  grpc_url: string;
  version: string;
  engine: string;
  data_dir: string;
}

const LOG_TAIL_LINES = 20;

/** Spawns qdrant-local, keeping the last lines of its log and how it exited. */
function spawnStore(binary: string, args: string[], onLog: ((line: string) => void) | undefined) {
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const logTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    logTail.push(line);
    if (logTail.length > LOG_TAIL_LINES) logTail.shift();
    onLog?.(line);
  });
  let reason: string | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      reason = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve(code ?? (signal ? -1 : null));
    }),
  );
  return { child, logTail, exited, exitReason: () => reason };
}

/** Starts qdrant-local and resolves once it answers on REST. */
export async function startEmbeddedStore(options: EmbeddedOptions = {}): Promise<EmbeddedStore> {
  const binary = options.binary ?? QDRANT_LOCAL_BIN;
  if (!existsSync(binary)) {
    throw new Error(
      `the embedded Qdrant is not built: ${binary} is missing. Build it with \`npm run setup\` or \`cargo build --release -p qdrant-local\`, or set QDRANT_URL to use an external Qdrant.`,
    );
  }
  const ownsDataDir = options.dataDir === undefined || options.removeDataDirOnStop === true;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'qdrant-local-')));
  const args = ['--data', dataDir, '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--exit-on-stdin-eof'];
  if (options.grpcPort !== undefined) args.push('--grpc-port', String(options.grpcPort));
  if (options.apiKey) args.push('--api-key', options.apiKey);

  const { child, logTail, exited, exitReason } = spawnStore(binary, args, options.onLog);

  let ready: ReadyLine;
  try {
    ready = await waitForReadyLine(child, exited, options.startTimeoutMs ?? 60_000, () => logTail.join('\n'));
    await waitForHttp(`${ready.rest_url}/readyz`, 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }

  // The child must not keep this process alive; the stdin pipe stays open until we exit.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) unrefStream(stream);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await terminate(child, exited, options.stopGraceMs ?? 15_000);
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    })());

  return {
    kind: 'embedded',
    name: 'qdrant-local',
    version: ready.version,
    engine: ready.engine,
    restUrl: ready.rest_url,
    grpcUrl: ready.grpc_url,
    apiKey: options.apiKey,
    pid: child.pid!,
    dataDir: ready.data_dir,
    exited,
    exitReason,
    restart: () =>
      startEmbeddedStore({
        ...options,
        dataDir,
        port: Number(new URL(ready.rest_url).port),
        grpcPort: Number(new URL(ready.grpc_url).port),
        removeDataDirOnStop: ownsDataDir,
      }),
    stop,
  };
}

function waitForReadyLine(child: ChildProcess, exited: Promise<number | null>, timeoutMs: number, logTail: () => string): Promise<ReadyLine> {
  return new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reject(new Error(`qdrant-local did not become ready within ${timeoutMs} ms. Its log:\n${logTail()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      lines.close();
    };
    lines.on('line', (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return; // not the ready line
      }
      if ((parsed as ReadyLine)?.event === 'ready') {
        done();
        resolve(parsed as ReadyLine);
      }
    });
    child.once('error', (err) => {
      done();
      reject(new Error(`cannot start qdrant-local: ${err.message}`));
    });
    void exited.then((code) => {
      done();
      // Give the stderr reader a moment to deliver the last lines (the reason for the exit).
      setTimeout(() => reject(new Error(`qdrant-local exited with code ${code} before it was ready:\n${logTail()}`)), 50);
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`qdrant-local did not answer ${url} within ${timeoutMs} ms (${lastError})`);
}

/** SIGTERM (the server flushes and exits), then SIGKILL after the grace period. */
async function terminate(child: ChildProcess, exited: Promise<number | null>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function unrefStream(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}
