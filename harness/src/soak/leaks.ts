/**
 * What a run may leave behind, as a snapshot of named things per kind, and the difference of two
 * snapshots: what the "after" one holds beyond the "before" one, counted as a multiset (two
 * pipes before and three after is one extra pipe, whichever inode each has). Pure: the readings
 * come from probe.ts.
 */

export const LEAK_KINDS = ['processes', 'collections', 'tempDirs', 'fds', 'listeningPorts'] as const;
export type LeakKind = (typeof LEAK_KINDS)[number];

/** Per kind, the things present: a process, a collection name, a temp dir, an fd's kind or path, a port. */
export type LeakSnapshot = Record<LeakKind, string[]>;

export interface LeakDiff {
  kind: LeakKind;
  before: number;
  after: number;
  /** What the after snapshot holds beyond the before one (empty: no leak of this kind). */
  extra: string[];
}

/** What each kind counts, for the table and the JSON. */
export const LEAK_LABELS: Record<LeakKind, string> = {
  processes: 'child processes (descendants of the harness + any process carrying the run token)',
  collections: 'collections in the store',
  tempDirs: "entries in the run's os.tmpdir()",
  fds: 'open file descriptors of the harness (/proc/self/fd)',
  listeningPorts: 'listening TCP ports of the harness, its descendants, and the store',
};

/** `after` minus `before` as multisets, in the order `after` lists them. */
export function multisetExtra(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const b of before) left.set(b, (left.get(b) ?? 0) + 1);
  const extra: string[] = [];
  for (const a of after) {
    const n = left.get(a) ?? 0;
    if (n > 0) left.set(a, n - 1);
    else extra.push(a);
  }
  return extra;
}

export function diffLeaks(before: LeakSnapshot, after: LeakSnapshot): LeakDiff[] {
  return LEAK_KINDS.map((kind) => ({ kind, before: before[kind].length, after: after[kind].length, extra: multisetExtra(before[kind], after[kind]) }));
}

/** An fd's link target with the inode of a pipe, socket or anonymous inode left out: what it is, not which one. */
export function fdKind(target: string): string {
  return target.replace(/^(pipe|socket):\[\d+\]$/, '$1').replace(/^anon_inode:\[?([^\]]+)\]?$/, 'anon_inode:$1');
}

/** Rows of /proc/net/tcp or tcp6 in state LISTEN (0A): their local port and socket inode. */
export function parseListening(procNetTcp: string): Array<{ port: number; inode: string }> {
  const out: Array<{ port: number; inode: string }> = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '0A') continue;
    const port = Number.parseInt(f[1].split(':').at(-1) ?? '', 16);
    if (Number.isFinite(port)) out.push({ port, inode: f[9] });
  }
  return out;
}
