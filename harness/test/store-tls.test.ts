/**
 * A Qdrant behind TLS (issue 15): qdrant-local serving REST and gRPC over TLS with a
 * certificate made here by openssl (a CA, and a certificate for 127.0.0.1 it signed) and an API
 * key. The harness (`npm run conformance`: its store checks, then a collection it creates and
 * reads back) and each default pipeline (python, rust, ts: REST, gRPC, REST) run against
 * https:// with the CA given as QDRANT_CA_CERT. A CA that did not sign the certificate fails,
 * in the harness and in each pipeline, with a message naming the certificate. Needs the
 * release builds and the venv (`npm run setup`); a missing one fails naming it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_PATH, QDRANT_LOCAL_BIN, REPO_ROOT } from '../src/paths.js';
import { TEST_CORPUS } from './helpers.js';

const API_KEY = 'tls-test-key';
const PYTHONPATH = path.join(REPO_ROOT, 'python-baseline', 'src');
const { pipelines } = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { pipelines: { id: string; command: string[] }[] };
const DEFAULT_THREE = ['python', 'rust', 'ts'].map((id) => pipelines.find((p) => p.id === id)!);

/** A CA (`<name>-ca.pem`) and, with `server`, a certificate for 127.0.0.1 it signed (`<name>-server.pem` / `-server.key`). */
function makeCa(dir: string, name: string, server: boolean): void {
  const file = (suffix: string) => path.join(dir, `${name}-${suffix}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    `/CN=${name} test CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  if (!server) return;
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' +
      'subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  );
}

interface TlsStore {
  child: ChildProcess;
  restUrl: string;
  grpcUrl: string;
}

/** qdrant-local with `args`; resolves with its ready line's URLs. */
function startQdrantLocal(args: string[]): Promise<TlsStore> {
  const child = spawn(QDRANT_LOCAL_BIN, ['--host', '127.0.0.1', '--port', '0', '--exit-on-stdin-eof', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = JSON.parse(line) as { event: string; rest_url: string; grpc_url: string };
      if (ready.event === 'ready') resolve({ child, restUrl: ready.rest_url, grpcUrl: ready.grpc_url });
    });
    child.once('exit', (code) => reject(new Error(`qdrant-local exited with ${code} before it was ready:\n${log}`)));
  });
}

/** qdrant-local with bad TLS arguments: its exit code and stderr. */
async function refusedStart(args: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-refused-'));
  const run = await execa(QDRANT_LOCAL_BIN, ['--data', path.join(dir, 'data'), '--port', '0', ...args], { reject: false, timeout: 30_000, stdin: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
  return { code: run.exitCode, stderr: run.stderr };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'store-tls-'));
const pem = (name: string) => path.join(dir, name);
let store: TlsStore;
/** The environment a user sets for a TLS store (and the Python pipeline's code from this checkout). */
let tlsEnv: Record<string, string>;

beforeAll(async () => {
  for (const bin of [QDRANT_LOCAL_BIN, ...DEFAULT_THREE.map((p) => path.resolve(REPO_ROOT, p.command[0] === 'node' ? p.command[1] : p.command[0]))]) {
    expect(existsSync(bin), `${bin} is not built: run \`npm run setup\``).toBe(true);
  }
  makeCa(dir, 'good', true);
  makeCa(dir, 'other', false);
  store = await startQdrantLocal(['--data', pem('data'), '--api-key', API_KEY, '--tls-cert', pem('good-server.pem'), '--tls-key', pem('good-server.key')]);
  tlsEnv = {
    QDRANT_URL: store.restUrl,
    QDRANT_GRPC_URL: store.grpcUrl,
    QDRANT_API_KEY: API_KEY,
    QDRANT_CA_CERT: pem('good-ca.pem'),
    NODE_EXTRA_CA_CERTS: pem('good-ca.pem'),
    PYTHONPATH,
  };
});
afterAll(async () => {
  // The store flushes its collections on SIGTERM: remove its data only once it has exited.
  if (store && store.child.exitCode === null) {
    const exited = new Promise((resolve) => store.child.once('exit', resolve));
    store.child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run conformance -- --case ... <command>` against the TLS store, as a real process. */
function conformance(command: string[], env: Record<string, string>, cases = ['collection-exists', 'chunks-200-stub']) {
  const caseArgs = cases.flatMap((c) => ['--case', c]);
  return execa('npx', ['tsx', path.join(REPO_ROOT, 'harness/src/cli/conformance.ts'), '--model-dir', dir, ...caseArgs, ...command], {
    cwd: REPO_ROOT,
    env,
    reject: false,
    timeout: 300_000,
  });
}

/** Runs a pipeline once, in stub mode, on one file, trusting `ca` only: its exit code and error event. */
async function indexTrusting(pipeline: { id: string; command: string[] }, ca: string) {
  const workload = path.join(dir, `${pipeline.id}-workload.json`);
  const qdrant = { url: store.restUrl, grpc_url: store.grpcUrl, api_key: API_KEY, collection: `tls_${pipeline.id}_${Date.now()}` };
  const chunking = { chunk_size: 200, chunk_overlap: 40, separators: ['\n\n', '\n', ' ', ''] };
  const files = ['README.md'];
  writeFileSync(
    workload,
    JSON.stringify({
      corpus: { dir: TEST_CORPUS, files },
      chunking,
      model: { dir },
      embed_batch_size: 8,
      upsert_batch_size: 16,
      threads: 1,
      qdrant,
      mode: 'stub',
    }),
  );
  const [file, ...args] = pipeline.command;
  const run = await execa(file, [...args, workload], {
    cwd: REPO_ROOT,
    env: { PYTHONPATH, SSL_CERT_FILE: ca, NODE_EXTRA_CA_CERTS: ca },
    reject: false,
    timeout: 120_000,
  });
  const events = run.stdout.split('\n').map((line) => JSON.parse(line) as { event: string; message?: string });
  return { code: run.exitCode, error: events.find((e) => e.event === 'error'), output: run.stdout + run.stderr };
}

describe('qdrant-local over TLS', () => {
  it('says https in its ready line and speaks no plain HTTP', async () => {
    expect(store.restUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(store.grpcUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(store.restUrl.replace('https:', 'http:'))).rejects.toThrow();
  });

  it('refuses half a TLS configuration and files that are not a usable pair, saying which', async () => {
    const alone = await refusedStart(['--tls-cert', pem('good-server.pem')]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--tls-key/);
    const notPem = await refusedStart(['--tls-cert', pem('good-server.ext'), '--tls-key', pem('good-server.key')]);
    expect(notPem.code).toBe(1);
    expect(notPem.stderr).toMatch(/--tls-cert .*good-server\.ext: no PEM certificate/);
    const mismatch = await refusedStart(['--tls-cert', pem('good-server.pem'), '--tls-key', pem('other-ca.key')]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/are not a usable pair/);
  });
});

describe('the harness and each default pipeline over https with the CA', () => {
  for (const pipeline of DEFAULT_THREE) {
    it(`${pipeline.id}: the harness's store checks and the pipeline's index job pass`, { timeout: 300_000 }, async () => {
      const run = await conformance(pipeline.command, tlsEnv);
      expect(run.stdout, run.stderr).toMatch(/store qdrant at https:\/\//);
      expect(run.stdout.match(/^PASS/gm)?.length, run.stdout + run.stderr).toBe(2);
      expect(run.exitCode).toBe(0);
    });
  }
});

describe('a CA that did not sign the certificate', () => {
  it('the harness refuses it, and a CA Node was not started with, saying what to set', async () => {
    const wrong = await conformance(['true'], { ...tlsEnv, QDRANT_CA_CERT: pem('other-ca.pem'), NODE_EXTRA_CA_CERTS: pem('other-ca.pem') });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/presented a certificate this machine does not trust \[\w+\]: set QDRANT_CA_CERT/);
    const { NODE_EXTRA_CA_CERTS: _, ...withoutNode } = tlsEnv;
    const notAtStart = await conformance(['true'], withoutNode);
    expect(notAtStart.exitCode).toBe(2);
    expect(notAtStart.stderr).toMatch(/does not trust it: Node reads extra CAs only when it starts, from NODE_EXTRA_CA_CERTS/);
  });

  for (const pipeline of DEFAULT_THREE) {
    it(`${pipeline.id}: fails the run with an error naming the certificate (and passes with the right CA)`, async () => {
      const wrong = await indexTrusting(pipeline, pem('other-ca.pem'));
      expect(wrong.code).not.toBe(0);
      expect(wrong.error?.message, wrong.output).toMatch(/certificate/i);
      const right = await indexTrusting(pipeline, pem('good-ca.pem'));
      expect(right.code, right.output).toBe(0);
    });
  }
});
