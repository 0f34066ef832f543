/**
 * Generators of bad bench.config.json contents for the config fuzz test: a valid config that
 * sets every key, and edits that break it. Schema edits are derived by walking the config's
 * JSON Schema (wrong type, out of range, empty, pattern broken, unknown key, required key
 * removed: every node, every way), so a key added to the schema is fuzzed without a change here;
 * the rules outside the schema (ids, sets, references, overrides, overlap) are listed by hand.
 */
import fc from 'fast-check';
import { benchConfigSchema } from '../src/config/schema.js';
import { fakePipeline } from './helpers.js';

export type Key = string | number;

/** One change to the valid config: set `path` to `value`, or remove it. `problem`: the message line expected. */
export interface Edit {
  path: Key[];
  value?: unknown;
  remove?: boolean;
  /** The start of the message line that must name it, e.g. `pipelines.0.id ` or `sets: unknown key "x"`. */
  names: string;
}

/** A config that sets every key of the schema, valid as a whole. */
export function validConfig(): Record<string, any> {
  return {
    pipelines: [fakePipeline('a', {}, { reference: true, language: 'JS', engine: 'none', default: true }), fakePipeline('b')],
    sets: { pair: ['a', 'b'], fuzzed: ['b'] },
    threads: 2,
    embedBatchSize: 4,
    upsertBatchSize: 8,
    chunkSize: 200,
    chunkOverlap: 20,
    separators: ['\n\n', ''],
    mode: 'stub',
    warmup: 0,
    iterations: 1,
    timeoutSeconds: 60,
    model: 'model',
    corpus: { dir: 'corpus', globs: ['**/*.txt'] },
    subsets: { default: 1000, quick: 100 },
    quick: { warmup: 0, iterations: 1 },
    outDir: 'results',
    sampleIntervalMs: 100,
    verifyQueries: 2,
    query: { texts: 'texts.json', topK: 3, concurrency: [1, 2], passes: 2, quickPasses: 1, indexer: 'a' },
    memory: { repeat: 2, quickRepeat: 1, warmupFraction: 0.2 },
    threadCounts: [1, 2],
    collection: { shardNumber: 2, replicationFactor: 1 },
    check: {
      thresholds: { memory: 0.3, time: 0.2, throughput: 0.15 },
      minDelta: { time: 1, memory: 1, throughput: 0 },
      overrides: [{ pipeline: 'a', metric: 'wall', threshold: 0.2 }],
      minSamples: 2,
    },
  };
}

export const dotted = (path: Key[]) => (path.length ? path.join('.') : '(top level)');

/** One arbitrary per JSON type; `number` only yields non-integers, so it is the wrong type for an integer. */
const OF_TYPE: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 8 }),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  integer: fc.integer(),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
};

function wrongType(types: string[]): fc.Arbitrary<unknown> {
  const allowed = new Set(types.includes('number') ? [...types, 'integer'] : types);
  return fc.oneof(
    ...Object.keys(OF_TYPE)
      .filter((t) => !allowed.has(t))
      .map((t) => OF_TYPE[t]),
  );
}

const noInf = { noNaN: true, noDefaultInfinity: true } as const;

/** Values of the right type that break a bound of `node` (minimum, maximum, length, pattern, items). */
function outOfRange(node: Record<string, any>): fc.Arbitrary<unknown>[] {
  const types: string[] = [node.type].flat();
  const integer = types.includes('integer');
  const out: fc.Arbitrary<unknown>[] = [];
  if (node.minimum !== undefined) out.push(integer ? fc.integer({ max: node.minimum - 1 }) : fc.double({ ...noInf, max: node.minimum, maxExcluded: true }));
  if (node.exclusiveMinimum !== undefined) out.push(fc.double({ ...noInf, max: node.exclusiveMinimum }));
  if (node.maximum !== undefined) out.push(fc.double({ ...noInf, min: node.maximum, minExcluded: true }));
  if (node.exclusiveMaximum !== undefined) out.push(fc.double({ ...noInf, min: node.exclusiveMaximum }));
  if (integer) out.push(OF_TYPE.number);
  if (node.minLength) out.push(fc.constant(''));
  if (node.pattern) {
    const re = new RegExp(node.pattern);
    out.push(fc.string({ maxLength: 50 }).filter((s) => !re.test(s)));
  }
  if (node.minItems) out.push(fc.constant([]));
  if (node.enum) out.push(fc.jsonValue({ maxDepth: 1 }).filter((v) => !node.enum.includes(v)));
  return out;
}

const unknownKey = (known: object) =>
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in known) && !['__proto__', 'baseline', 'constructor'].includes(k) && !/[\n"]/.test(k));

/** Every way to break the value at `path` that `node` describes, each an arbitrary of edits. */
export function schemaEdits(node: Record<string, any> = benchConfigSchema, path: Key[] = []): fc.Arbitrary<Edit>[] {
  const at = (value: fc.Arbitrary<unknown>) => value.map((v): Edit => ({ path, value: v, names: `${dotted(path)} ` }));
  const edits: fc.Arbitrary<Edit>[] = [];
  if (node.type && path.length > 0) edits.push(at(wrongType([node.type].flat())));
  edits.push(...outOfRange(node).map(at));
  if (node.items) edits.push(...schemaEdits(node.items, [...path, 0]));
  if (node.properties) {
    for (const [key, child] of Object.entries<any>(node.properties)) edits.push(...schemaEdits(child, [...path, key]));
    for (const key of node.required ?? [])
      edits.push(fc.constant({ path: [...path, key], remove: true, names: `${dotted(path)} must have required property '${key}'` }));
  }
  if (node.propertyNames?.pattern) {
    const re = new RegExp(node.propertyNames.pattern);
    const badName = unknownKey({}).filter((k) => !re.test(k));
    edits.push(badName.map((k): Edit => ({ path: [...path, k], value: ['a'], names: `${dotted(path)}: name "${k}" ` })));
  }
  if (node.additionalProperties === false) {
    edits.push(unknownKey(node.properties).map((k): Edit => ({ path: [...path, k], value: 1, names: `${dotted(path)}: unknown key "${k}"` })));
  } else if (typeof node.additionalProperties === 'object') {
    // a map (env, sets): a bad entry under a name the map accepts
    edits.push(...schemaEdits(node.additionalProperties, [...path, 'fuzzed']));
  }
  return edits;
}

/** The key paths of the schema (for edits that set any JSON value). */
export function schemaPaths(node: Record<string, any> = benchConfigSchema, path: Key[] = []): Key[][] {
  const here = path.length ? [path] : [];
  const items = node.items ? schemaPaths(node.items, [...path, 0]) : [];
  const props = Object.entries<any>(node.properties ?? {}).flatMap(([k, child]) => schemaPaths(child, [...path, k]));
  return [...here, ...items, ...props];
}

/** Rules outside the schema, each a config and the message it must get. */
export const RULE_CASES: Array<{ what: string; edit: (c: Record<string, any>) => void; message: RegExp }> = [
  {
    what: 'overlap >= size',
    edit: (c) => Object.assign(c, { chunkSize: 50, chunkOverlap: 50 }),
    message: /chunkOverlap \(50\) must be smaller than chunkSize \(50\)/,
  },
  { what: 'duplicate id', edit: (c) => (c.pipelines[1].id = 'a'), message: /pipeline id "a" appears twice/ },
  { what: 'two references', edit: (c) => (c.pipelines[1].reference = true), message: /more than one pipeline has "reference": true \(a, b\)/ },
  { what: 'set names an unknown id', edit: (c) => (c.sets.pair = ['a', 'zz']), message: /sets\.pair: unknown pipeline id\(s\) zz/ },
  { what: 'set lists an id twice', edit: (c) => (c.sets.pair = ['a', 'a']), message: /sets\.pair: a listed twice/ },
  { what: 'sets.default declared', edit: (c) => (c.sets.default = ['a']), message: /sets\.default: the default set is not declared/ },
  {
    what: 'no default pipeline',
    edit: (c) => {
      for (const p of c.pipelines) p.default = false;
    },
    message: /every pipeline is marked "default": false/,
  },
  {
    what: 'override of an unknown pipeline',
    edit: (c) => (c.check.overrides[0].pipeline = 'zz'),
    message: /check\.overrides\.0\.pipeline: unknown pipeline "zz"/,
  },
  {
    what: 'override of an unknown metric',
    edit: (c) => (c.check.overrides[0].metric = 'speed'),
    message: /check\.overrides\.0\.metric: unknown metric "speed"/,
  },
  { what: 'renamed key baseline', edit: (c) => (c.pipelines[0].baseline = true), message: /pipelines\.0\.baseline was renamed/ },
];

/** Applies edits to a copy of the valid config. */
export function applyEdits(edits: Edit[]): Record<string, any> {
  const config = validConfig();
  for (const e of edits) {
    if (e.path.length === 0) continue;
    const parent = e.path.slice(0, -1).reduce<any>((o, k) => o[k], config);
    const last = e.path[e.path.length - 1];
    if (e.remove) delete parent[last];
    else parent[last] = e.value;
  }
  return config;
}

/** No edit's path lies inside another's (each must then be named on its own). */
export const independent = (edits: Edit[]) =>
  edits.every((a, i) => edits.every((b, j) => i === j || a.path.length > b.path.length || !a.path.every((k, n) => b.path[n] === k)));
