/**
 * Readings of what a run may leave behind, from /proc and the store: the harness's descendants
 * and any process that carries the run's token in its environment (a pipeline's grandchild that
 * outlived its parent is re-parented away from the harness, but keeps the environment), the
 * harness's open file descriptors, the listening TCP ports of the harness and its descendants
 * (their socket inodes matched against /proc/net/tcp and tcp6), the store's own ports, the
 * entries of a temp dir, and the store's collections.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { processTree } from '../measure/proc.js';
import { fdKind, parseListening } from './leaks.js';

/** The environment variable every pipeline of a soak gets (value: the run's token). */
export const SOAK_TOKEN_ENV = 'BENCH_SOAK_TOKEN';

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const comm = (pid: number) => read(`/proc/${pid}/comm`)?.trim() ?? '?';
const describe = (pid: number) => `${pid} ${comm(pid)}`;

/** The harness's descendants (not itself), as "pid command". */
export function descendants(root = process.pid): string[] {
  return processTree(root)
    .filter((pid) => pid !== root)
    .map(describe);
}

/** Every process whose environment holds `SOAK_TOKEN_ENV=token`, as "pid command". */
export function processesWithToken(token: string): string[] {
  const needle = `\0${SOAK_TOKEN_ENV}=${token}\0`;
  return list('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => `\0${read(`/proc/${pid}/environ`) ?? ''}`.includes(needle))
    .map((pid) => describe(Number(pid)));
}

/** The harness's open file descriptors, each as what it points to (a path, or pipe / socket / anon_inode:kind). */
export function openFds(): string[] {
  return list('/proc/self/fd').flatMap((fd) => {
    try {
      return [fdKind(readlinkSync(`/proc/self/fd/${fd}`))];
    } catch {
      return []; // the fd readdir itself used, closed by now
    }
  });
}

function socketInodes(pid: number): Set<string> {
  const out = new Set<string>();
  for (const fd of list(`/proc/${pid}/fd`)) {
    try {
      const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) out.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

function listeningRows() {
  return [...parseListening(read('/proc/net/tcp') ?? ''), ...parseListening(read('/proc/net/tcp6') ?? '')];
}

/**
 * Listening ports of the harness and its descendants ("port N pid command"), plus each of
 * `storePorts` that anything at all still listens on ("port N (the store's)").
 */
export function listeningPorts(storePorts: readonly number[] = [], root = process.pid): string[] {
  const rows = listeningRows();
  const out: string[] = [];
  for (const pid of processTree(root)) {
    const inodes = socketInodes(pid);
    for (const r of rows) if (inodes.has(r.inode)) out.push(`port ${r.port} ${describe(pid)}`);
  }
  for (const port of storePorts) if (rows.some((r) => r.port === port)) out.push(`port ${port} (the store's)`);
  return out;
}

/** A process's resident memory by kind (/proc/<pid>/status): anonymous (heap, stacks) and file-backed (mostly its binary's code pages, paged in as code paths first run). */
export function rssSplit(pid: number): { anonBytes: number; fileBytes: number } | null {
  const text = read(`/proc/${pid}/status`);
  const kb = (key: string) => Number(text?.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN) * 1024;
  const split = { anonBytes: kb('RssAnon'), fileBytes: kb('RssFile') };
  return Number.isFinite(split.anonBytes) && Number.isFinite(split.fileBytes) ? split : null;
}

/** The entries of a directory (a temp dir), sorted. */
export function entriesOf(dir: string): string[] {
  return list(dir).sort();
}

export async function collectionNames(client: QdrantClient): Promise<string[]> {
  return (await client.getCollections()).collections.map((c) => c.name).sort();
}
