/**
 * The REST fuzz's corpus and mutations: one valid request per route of qdrant-local's REST app
 * (rest/mod.rs `router`), bodies in the shapes Qdrant's OpenAPI gives them (and the official
 * clients send), and fast-check arbitraries that break them: a value anywhere replaced by any
 * JSON value or an edge value, a key dropped or added, the text truncated or spliced, random
 * bytes, an odd `wait`, a hostile collection name or point id in the path, another method.
 */
import fc from 'fast-check';

export const DIMS = 4;
/** The collection the point routes address (created before the fuzz, with points). */
export const MAIN = 'fuzz_rest';
/** The collection PUT / DELETE address, so the valid seeds never drop MAIN. */
const SCRATCH = 'fuzz_rest_scratch';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Seed {
  method: string;
  path: string;
  body?: Json;
}

const vector = [0.1, -0.2, 0.3, 0.4];
const uuid = 'b7a3c1f0-0000-4000-8000-000000000001';
const filter: Json = {
  must: [
    { key: 'n', match: { value: 1 } },
    { key: 'x', range: { gte: 0, lt: 0.9 } },
  ],
  should: [{ has_id: [1, 2, uuid] }, { key: 's', match: { any: ['p1', 'p2'] } }],
  must_not: [{ is_empty: { key: 's' } }, { key: 's', match: { except: ['p3'] } }, { filter: { must: [{ key: 's', match: { text: 'p' } }] } }],
};

export const REST_SEEDS: Seed[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/collections' },
  { method: 'GET', path: `/collections/${MAIN}` },
  { method: 'GET', path: `/collections/${MAIN}/exists` },
  { method: 'PUT', path: `/collections/${SCRATCH}`, body: { vectors: { size: DIMS, distance: 'Cosine' } } },
  { method: 'PUT', path: `/collections/${SCRATCH}`, body: { vectors: { '': { size: DIMS, distance: 'Dot' }, v: { size: 2, distance: 'Euclid' } } } },
  { method: 'DELETE', path: `/collections/${SCRATCH}` },
  {
    method: 'PUT',
    path: `/collections/${MAIN}/points?wait=true`,
    body: {
      points: [
        { id: 7, vector, payload: { n: 1, s: 'p7', x: 0.2 } },
        { id: uuid, vector, payload: null },
      ],
    },
  },
  { method: 'PUT', path: `/collections/${MAIN}/points?wait=true`, body: { batch: { ids: [8, 9], vectors: [vector, vector], payloads: [{ n: 2 }, {}] } } },
  { method: 'POST', path: `/collections/${MAIN}/points`, body: { ids: [1, 7, uuid], with_payload: true, with_vector: true } },
  { method: 'GET', path: `/collections/${MAIN}/points/1` },
  { method: 'POST', path: `/collections/${MAIN}/points/delete?wait=true`, body: { points: [9999, 'b7a3c1f0-0000-4000-8000-0000000000ff'] } },
  { method: 'POST', path: `/collections/${MAIN}/points/delete?wait=true`, body: { filter: { must: [{ key: 'n', match: { value: 99 } }] } } },
  {
    method: 'POST',
    path: `/collections/${MAIN}/points/query`,
    body: { query: vector, filter, limit: 3, offset: 1, with_payload: true, with_vector: false, score_threshold: -1 },
  },
  { method: 'POST', path: `/collections/${MAIN}/points/query`, body: { query: 1, using: '', limit: 2 } },
  { method: 'POST', path: `/collections/${MAIN}/points/search`, body: { vector, filter, limit: 3, with_payload: ['n'] } },
  { method: 'POST', path: `/collections/${MAIN}/points/count`, body: { filter, exact: true } },
  { method: 'POST', path: `/collections/${MAIN}/points/scroll`, body: { filter, limit: 2, offset: 1, with_payload: { exclude: ['s'] } } },
  { method: 'GET', path: `/local/collections/${MAIN}/writes` },
];

/** Every place in a JSON tree, as the path of keys / indexes to it. */
function places(value: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) places(v, [...at, i], out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) places(v, [...at, k], out);
  return out;
}

const edge = fc.constantFrom<Json>(
  -1,
  0,
  2 ** 53,
  2 ** 64,
  -(2 ** 63),
  1e308,
  -1e-320,
  0.5,
  '',
  'Cosine',
  ' ',
  '\u0000',
  '\ud800',
  'x'.repeat(10_000),
  [],
  {},
  null,
  true,
  [null],
  { '': null },
);
const anyJson: fc.Arbitrary<Json> = fc.oneof({ weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> }, { weight: 1, arbitrary: edge });

const jsonOp = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: anyJson }) },
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('limit', 'vector', 'ids', 'filter', 'must', 'key', 'match')),
    value: anyJson,
  }),
);
type JsonOp = typeof jsonOp extends fc.Arbitrary<infer T> ? T : never;

function applyJsonOp(root: Json, op: JsonOp): Json {
  const all = places(root);
  const at = all[op.at % all.length];
  if (at.length === 0) return op.op === 'replace' ? op.value : root;
  const parent = at.slice(0, -1).reduce<any>((node, key) => node[key], root);
  const key = at[at.length - 1];
  const target = parent[key];
  if (op.op === 'replace') parent[key] = op.value;
  else if (op.op === 'drop') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
  else if (target && typeof target === 'object' && !Array.isArray(target)) target[op.key] = op.value;
  else if (Array.isArray(target)) target.push(op.value);
  return root;
}

const textOp = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('splice' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('{', ']', '"', ',', '\\', 'NaN', '1e999', '-', '\u0000')),
  }),
  fc.record({ op: fc.constant('nest' as const), depth: fc.integer({ min: 100, max: 5_000 }) }),
);
type TextOp = typeof textOp extends fc.Arbitrary<infer T> ? T : never;

function applyTextOp(text: string, op: TextOp): string {
  if (op.op === 'nest') return `${'['.repeat(op.depth)}${']'.repeat(op.depth)}`;
  const at = text.length === 0 ? 0 : op.at % text.length;
  return op.op === 'truncate' ? text.slice(0, at) : text.slice(0, at) + op.text + text.slice(at);
}

const hostileSegment = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e', '%00', '%ff', 'a'.repeat(2000), '%20', '-1', '18446744073709551616', uuid.toUpperCase(), '1.5', '%F0%9F%98%80'),
);

/** One fuzz case: a seed request with its path, query, method and body mutated, or random bytes as its body. */
export const restCase = fc
  .record({
    seed: fc.nat({ max: REST_SEEDS.length - 1 }),
    jsonOps: fc.array(jsonOp, { maxLength: 3 }),
    textOps: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 2 }) }),
    random: fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) }),
    segment: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ index: fc.nat(), value: hostileSegment }) }),
    wait: fc.oneof(
      { weight: 19, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom('?wait=maybe', '?wait', '?wait=false', '?wait=true&wait=no', '?%ff=1') },
    ),
    method: fc.oneof({ weight: 29, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }),
    contentType: fc.oneof(
      { weight: 19, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded') },
    ),
  })
  .map(({ seed, jsonOps, textOps, random, segment, wait, method, contentType }) => {
    const base = REST_SEEDS[seed];
    let path = base.path;
    if (segment) {
      const parts = path.split('/');
      const i = 1 + (segment.index % (parts.length - 1));
      parts[i] = segment.value;
      path = parts.join('/');
    }
    if (wait) path = path.replace(/\?.*$/, '') + wait;
    let body: string | Uint8Array | undefined;
    if (random) body = random;
    else if (base.body !== undefined) {
      let json = structuredClone(base.body);
      for (const op of jsonOps) json = applyJsonOp(json, op);
      body = (textOps as TextOp[]).reduce(applyTextOp, JSON.stringify(json));
    }
    return { method: method ?? base.method, path, body, contentType, describe: { seed, jsonOps, textOps, random: random !== null, segment, wait, method } };
  });
