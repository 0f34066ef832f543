/**
 * `npm run qdrant:local -- --port P --data DIR [--grpc-port G] [--api-key K]`
 *
 * Runs the embedded Qdrant in the foreground for anyone who wants a Docker-free Qdrant:
 * builds it first if needed (cargo's progress shown), prints its addresses and version when
 * ready, and stops it cleanly on Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { QDRANT_LOCAL_BIN } from '../paths.js';
import { buildRustBinaries } from '../setup/steps/rust-build.js';
import { startEmbeddedStore } from '../store/embedded.js';

const USAGE = 'usage: npm run qdrant:local -- --port P --data DIR [--grpc-port G] [--api-key K]';

function parsePort(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${flag} must be a port number 0-65535 (0 = any free port), got "${value}"\n${USAGE}`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'grpc-port': { type: 'string' },
      data: { type: 'string' },
      'api-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.data) throw new Error(`--data DIR is required (an empty or new directory, or one used before)\n${USAGE}`);
  const port = parsePort(values.port, '--port', 6333);
  const grpcPort = parsePort(values['grpc-port'], '--grpc-port', port === 0 ? 0 : port + 1);

  if (!existsSync(QDRANT_LOCAL_BIN)) {
    console.error(`qdrant-local is not built yet; building it (the first build of the Rust workspace takes ~20 minutes on 2 cores)`);
    await buildRustBinaries(['qdrant-local'], (line) => console.error(`  ${line}`));
  }

  const store = await startEmbeddedStore({
    dataDir: values.data,
    port,
    grpcPort,
    apiKey: values['api-key'],
    onLog: (line) => console.error(line),
  });
  console.log(`Qdrant ${store.version} (qdrant-local, ${store.engine}) is ready`);
  console.log(`  REST: ${store.restUrl}`);
  console.log(`  gRPC: ${store.grpcUrl}`);
  console.log(`  data: ${store.dataDir}`);
  console.log(`  use it: QDRANT_URL=${store.restUrl} QDRANT_GRPC_URL=${store.grpcUrl}${store.apiKey ? ' QDRANT_API_KEY=...' : ''}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping qdrant-local (flushing data)...`);
      void store.stop().then(() => process.exit(0));
    });
  }
  void store.exited.then((code) => {
    if (stopping) return;
    console.error(`qdrant-local exited unexpectedly (code ${code})`);
    process.exit(1);
  });
  // Keep running until a signal arrives (the server process itself is unref'd).
  setInterval(() => {}, 1 << 30);
}

main().catch((err: Error) => {
  console.error(`qdrant:local: ${err.message}`);
  process.exit(1);
});
