/**
 * docker-compose.yml, parsed (no Docker here): the single node `docker compose up` starts is
 * unchanged, and the profile `cluster` is three nodes of the same official image in
 * distributed mode, nodes 2 and 3 bootstrapping from node 1, only node 1 published and only on
 * loopback; the README's commands name that profile and the port node 1 is published on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/paths.js';

interface Service {
  image?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: unknown;
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const NODES = ['qdrant-node1', 'qdrant-node2', 'qdrant-node3'];
const PEER = (node: string) => `http://${node}:6335`;
const inCluster = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('cluster'));
/** `host_ip:host_port:container_port` -> its parts. */
const published = (port: string) => {
  const [ip, host, container] = port.split(':');
  return { ip, host: Number(host), container: Number(container) };
};

describe('docker-compose.yml', () => {
  it('`docker compose up` still starts only the single node, on loopback 6333/6334', () => {
    const always = Object.entries(compose.services).filter(([, s]) => !s.profiles);
    expect(always.map(([name]) => name)).toEqual(['qdrant']);
    const single = compose.services.qdrant;
    expect(single.image).toMatch(/^qdrant\/qdrant:v\d+\.\d+\.\d+$/);
    expect(single.environment?.QDRANT__CLUSTER__ENABLED).toBeUndefined();
    expect(single.ports?.map(published)).toEqual([
      { ip: '127.0.0.1', host: 6333, container: 6333 },
      { ip: '127.0.0.1', host: 6334, container: 6334 },
    ]);
  });

  it("the profile `cluster` is three nodes of the single node's image, in distributed mode", () => {
    expect(inCluster.map(([name]) => name)).toEqual(NODES);
    for (const [name, node] of inCluster) {
      expect(node.image, name).toBe(compose.services.qdrant.image);
      expect(node.environment?.QDRANT__CLUSTER__ENABLED, name).toBe('true');
      expect(node.healthcheck, name).toBeDefined();
      expect(node.volumes?.length, name).toBe(1);
    }
    // each node its own storage, declared
    const volumes = inCluster.map(([, node]) => node.volumes![0].split(':')[0]);
    expect(new Set(volumes).size).toBe(3);
    for (const v of volumes) expect(compose.volumes).toHaveProperty(v);
  });

  it('node 1 starts the cluster at its own peer URI; nodes 2 and 3 bootstrap from it once it is healthy', () => {
    const [first, ...others] = NODES;
    expect(compose.services[first].command).toEqual(['./qdrant', '--uri', PEER(first)]);
    expect(compose.services[first].command).not.toContain('--bootstrap');
    for (const name of others) {
      const { command, depends_on } = compose.services[name];
      expect(command?.slice(0, 3), name).toEqual(['./qdrant', '--bootstrap', PEER(first)]);
      expect(command?.slice(3), name).toEqual(['--uri', PEER(name)]);
      expect(depends_on, name).toEqual({ [first]: { condition: 'service_healthy' } });
    }
  });

  it('only node 1 is published, only on loopback, REST and gRPC on ports next to each other (gRPC = REST + 1)', () => {
    for (const [name, node] of inCluster.slice(1)) expect(node.ports, name).toBeUndefined();
    const ports = compose.services[NODES[0]].ports!.map(published);
    expect(ports.map((p) => p.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(ports.map((p) => p.container)).toEqual([6333, 6334]);
    expect(ports[1].host).toBe(ports[0].host + 1);
    const single = compose.services.qdrant.ports!.map(published).map((p) => p.host);
    for (const p of ports) expect(single, 'the cluster runs beside the single node').not.toContain(p.host);
    // the peer port is never published
    for (const [, node] of inCluster) for (const p of node.ports ?? []) expect(published(p).container).not.toBe(6335);
  });

  it("the README's commands start that profile's nodes and point the bench at node 1", () => {
    const host = compose.services[NODES[0]].ports!.map(published)[0].host;
    expect(readme).toContain(`docker compose --profile cluster up -d --wait ${NODES.join(' ')}`);
    expect(readme).toContain(`QDRANT_URL=http://127.0.0.1:${host} npm run bench`);
    expect(readme).toContain('"collection": { "shardNumber": 3, "replicationFactor": 2 }');
    expect(readme).toContain('docker compose --profile cluster down');
  });
});
