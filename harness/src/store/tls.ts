/**
 * An https store whose certificate a private CA signed (QDRANT_CA_CERT, a PEM file): checked
 * once, then handed to each client the way it reads a CA. Node's clients (the harness itself,
 * the TypeScript pipelines: @qdrant/js-client-rest takes no CA option) trust NODE_EXTRA_CA_CERTS,
 * read once when Node starts; the Rust qdrant-client's roots (rustls-native-certs) and Python's
 * qdrant-client (httpx) read SSL_CERT_FILE.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * QDRANT_CA_CERT as an absolute path, or null when unset. Refused with the reason: a plain
 * http:// URL, a file that cannot be read or holds no PEM certificate, or a harness that was
 * started without NODE_EXTRA_CA_CERTS naming that file or a bundle holding it (its own
 * requests would fail).
 */
export function readCaCert(env: NodeJS.ProcessEnv, url: URL): string | null {
  const value = env.QDRANT_CA_CERT;
  if (!value) return null;
  if (url.protocol !== 'https:') {
    throw new Error(`QDRANT_CA_CERT is set but QDRANT_URL=${url.href} is not https://: a CA only matters for TLS (use https://, or unset QDRANT_CA_CERT)`);
  }
  const file = path.resolve(value);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`QDRANT_CA_CERT=${value} cannot be read: ${(err as Error).message}`);
  }
  if (!text.includes(PEM_CERTIFICATE)) {
    throw new Error(`QDRANT_CA_CERT=${value} holds no PEM certificate (no "${PEM_CERTIFICATE}" line): give the CA's certificate in PEM form`);
  }
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (!extra || !nodeTrusts(extra, file, text)) {
    throw new Error(
      `QDRANT_CA_CERT=${value} is set, but this Node process does not trust it: Node reads extra CAs only when it starts, from NODE_EXTRA_CA_CERTS` +
        `${extra ? ` (which names ${extra}, without this CA)` : ''}. Start it with both, e.g. QDRANT_CA_CERT=${file} NODE_EXTRA_CA_CERTS=${file} npm run bench`,
    );
  }
  return file;
}

/** NODE_EXTRA_CA_CERTS names the CA's file, or a bundle holding its first certificate. */
function nodeTrusts(extra: string, caFile: string, caText: string): boolean {
  if (path.resolve(extra) === caFile) return true;
  const block = caText.slice(caText.indexOf(PEM_CERTIFICATE), caText.indexOf('-----END CERTIFICATE-----') + 25);
  try {
    return readFileSync(path.resolve(extra), 'utf8').replace(/\r/g, '').includes(block.replace(/\r/g, ''));
  } catch {
    return false;
  }
}

/** The environment that makes each pipeline's client trust the store's CA (none without one). */
export function caEnv(caCert: string | null | undefined): Record<string, string> {
  return caCert ? { SSL_CERT_FILE: caCert, NODE_EXTRA_CA_CERTS: caCert } : {};
}

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** What a failed request's TLS error code (Node's `cause.code`) means for the user; null when it is not a TLS error. */
export function tlsHint(code: string | undefined): string | null {
  if (!code) return null;
  if (UNTRUSTED.has(code)) {
    return `presented a certificate this machine does not trust [${code}]: set QDRANT_CA_CERT and NODE_EXTRA_CA_CERTS to the PEM file of the CA that signed it`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `presented a certificate for another host name [${code}]: use the host name the certificate names`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `presented a certificate outside its validity dates [${code}]`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return `does not speak TLS on that port [${code}]: use http:// if it serves plain HTTP`;
  return null;
}
