/**
 * harness/src/store/tls.ts: QDRANT_CA_CERT is checked before any request (https only, a
 * readable PEM certificate, and trusted by this Node process through NODE_EXTRA_CA_CERTS, its
 * own file or a bundle holding it), handed to the pipelines as SSL_CERT_FILE and
 * NODE_EXTRA_CA_CERTS, and Node's TLS error codes become advice. The end-to-end test over a
 * real TLS server is store-tls.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caEnv, readCaCert, tlsHint } from '../src/store/tls.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-settings-'));
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const ca = path.join(dir, 'ca.pem');
writeFileSync(ca, CERT);
const bundle = path.join(dir, 'bundle.pem');
writeFileSync(bundle, `-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n${CERT}`);
const other = path.join(dir, 'other.pem');
writeFileSync(other, '-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n');
const notPem = path.join(dir, 'key.txt');
writeFileSync(notPem, 'not a certificate');
const https = new URL('https://qdrant.example:6333');

describe('readCaCert', () => {
  it('is null without QDRANT_CA_CERT', () => {
    expect(readCaCert({}, https)).toBeNull();
  });

  it('accepts the CA when NODE_EXTRA_CA_CERTS names it or a bundle holding it', () => {
    expect(readCaCert({ QDRANT_CA_CERT: ca, NODE_EXTRA_CA_CERTS: ca }, https)).toBe(ca);
    expect(readCaCert({ QDRANT_CA_CERT: ca, NODE_EXTRA_CA_CERTS: bundle }, https)).toBe(ca);
  });

  it('refuses each bad setting, saying what to do', () => {
    expect(() => readCaCert({ QDRANT_CA_CERT: ca, NODE_EXTRA_CA_CERTS: ca }, new URL('http://qdrant.example:6333'))).toThrow(/is not https:\/\//);
    expect(() => readCaCert({ QDRANT_CA_CERT: path.join(dir, 'gone.pem') }, https)).toThrow(/gone\.pem cannot be read/);
    expect(() => readCaCert({ QDRANT_CA_CERT: notPem, NODE_EXTRA_CA_CERTS: notPem }, https)).toThrow(/holds no PEM certificate/);
    expect(() => readCaCert({ QDRANT_CA_CERT: ca }, https)).toThrow(/Node reads extra CAs only when it starts, from NODE_EXTRA_CA_CERTS\. Start it with both/);
    expect(() => readCaCert({ QDRANT_CA_CERT: ca, NODE_EXTRA_CA_CERTS: other }, https)).toThrow(/which names .*other\.pem, without this CA/);
  });
});

describe('caEnv and tlsHint', () => {
  it('gives the pipelines the CA in the variables their TLS stacks read, and nothing without one', () => {
    expect(caEnv(ca)).toEqual({ SSL_CERT_FILE: ca, NODE_EXTRA_CA_CERTS: ca });
    expect(caEnv(undefined)).toEqual({});
  });

  it("turns Node's TLS error codes into advice, and leaves other errors alone", () => {
    expect(tlsHint('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toMatch(/does not trust .*set QDRANT_CA_CERT and NODE_EXTRA_CA_CERTS/);
    expect(tlsHint('SELF_SIGNED_CERT_IN_CHAIN')).toMatch(/does not trust/);
    expect(tlsHint('ERR_TLS_CERT_ALTNAME_INVALID')).toMatch(/another host name/);
    expect(tlsHint('CERT_HAS_EXPIRED')).toMatch(/validity dates/);
    expect(tlsHint('ECONNREFUSED')).toBeNull();
    expect(tlsHint(undefined)).toBeNull();
  });
});
