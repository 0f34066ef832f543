/**
 * The gRPC fuzz's corpus and mutations: one valid request per implemented RPC, built from the
 * field numbers of qdrant-client 1.20's `.proto` files (collections.proto, points.proto,
 * json_with_int.proto), and fast-check arbitraries that break them at the field level (drop,
 * repeat, replace a value, change its wire type, add an unknown field), at the byte level
 * (truncate, flip a bit, splice bytes) and at the frame level (compressed flag, wrong length).
 */
import fc from 'fast-check';
import { double, encode, type Field, float32, floats, grpcFrame, type Message, msg, str, varint } from './fuzz-protobuf.js';

export const DIMS = 4;
/** The collection the point RPCs address (created before the fuzz, with points). */
export const MAIN = 'fuzz_grpc';
/** The collection Create / Delete address, so the fuzz never drops MAIN by its valid seed. */
const SCRATCH = 'fuzz_grpc_scratch';
/** A method Qdrant's Points service does not have. */
export const NOT_IN_API = '/qdrant.Points/Nope';

const pointId = (n: number, id: number | string) => msg(n, typeof id === 'number' ? varint(1, id) : str(2, id));
const dense = (n: number, values: number[]) => msg(n, floats(1, values));
const vector = [0.1, -0.2, 0.3, 0.4];
const filter = (n: number) =>
  msg(
    n,
    msg(2, msg(1, str(1, 'n'), msg(2, varint(2, 1)))), // must: n == 1
    msg(3, msg(1, str(1, 'x'), msg(3, double(2, 0.5)))), // must_not: x > 0.5
    msg(1, msg(3, msg(1, pointId(1, 1), pointId(1, 'b7a3c1f0-0000-4000-8000-000000000001')))), // should: has_id
  );
const point = (id: number | string) =>
  msg(
    3,
    pointId(1, id),
    msg(3, str(1, 'n'), msg(2, varint(3, 1))), // payload {"n": 1}
    msg(3, str(1, 's'), msg(2, str(4, 'text'))),
    msg(4, msg(1, dense(101, vector))),
  );

/** One valid request per RPC qdrant-local implements (grpc/mod.rs), as [path, message]. */
export const GRPC_SEEDS: [string, Message][] = [
  ['/qdrant.Qdrant/HealthCheck', []],
  ['/qdrant.Collections/List', []],
  ['/qdrant.Collections/Get', [str(1, MAIN)]],
  ['/qdrant.Collections/CollectionExists', [str(1, MAIN)]],
  ['/qdrant.Collections/Create', [str(1, SCRATCH), msg(10, msg(1, varint(1, DIMS), varint(2, 1)))]],
  ['/qdrant.Collections/Delete', [str(1, SCRATCH)]],
  ['/qdrant.Points/Upsert', [str(1, MAIN), varint(2, true), point(7), point('b7a3c1f0-0000-4000-8000-000000000001')]],
  ['/qdrant.Points/Get', [str(1, MAIN), pointId(2, 1), pointId(2, 7), msg(4, varint(1, true)), msg(5, varint(1, true))]],
  ['/qdrant.Points/Delete', [str(1, MAIN), varint(2, true), msg(3, msg(1, pointId(1, 9999)))]],
  ['/qdrant.Points/Search', [str(1, MAIN), floats(2, vector), filter(3), varint(4, 3), msg(6, varint(1, true)), float32(8, -1)]],
  ['/qdrant.Points/Query', [str(1, MAIN), msg(3, msg(1, dense(2, vector))), filter(5), varint(8, 3), varint(9, 1)]],
  ['/qdrant.Points/Query', [str(1, MAIN), msg(3, msg(1, pointId(1, 1))), varint(8, 2)]],
  ['/qdrant.Points/Count', [str(1, MAIN), filter(2), varint(3, true)]],
  ['/qdrant.Points/Scroll', [str(1, MAIN), filter(2), pointId(3, 1), varint(4, 2), msg(6, varint(1, true))]],
];

/** Every field of a message tree, depth first, with the list that holds it. */
function fieldsOf(message: Message, out: { list: Message; index: number }[] = []) {
  message.forEach((field, index) => {
    out.push({ list: message, index });
    if (field.kind === 'message') fieldsOf(field.value, out);
  });
  return out;
}

const clone = (message: Message): Message => message.map((f) => (f.kind === 'message' ? { ...f, value: clone(f.value) } : { ...f }));

const anyBytes = fc.uint8Array({ maxLength: 40 });
const varints = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 1n, 2n ** 31n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n));
/** Valid UTF-8 mostly (so the handler runs), sometimes not (the decoder refuses it). */
const strings = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((s) => new TextEncoder().encode(s)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'fuzz_grpc', '../x', 'a'.repeat(300), 'b7a3c1f0-0000-4000-8000-00000000000z').map((s) => new TextEncoder().encode(s)),
  },
  { weight: 1, arbitrary: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]).map((b) => Uint8Array.from(b)) },
  { weight: 1, arbitrary: anyBytes },
);
const floatBytes = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 3.4e38, -1, 1e-45).map((v) => float32(0, v).value as Uint8Array),
  fc.uint8Array({ minLength: 4, maxLength: 4 }),
);
/** A value of each wire kind: `replace` keeps the field's kind (the decoder accepts it, the handler judges it), `retype` takes another. */
const values = fc.record({
  varint: varints.map((value) => ({ kind: 'varint' as const, value })),
  bytes: strings.map((value) => ({ kind: 'bytes' as const, value })),
  message: fc.constant({ kind: 'message' as const, value: [] as Message }),
  fixed32: floatBytes.map((value) => ({ kind: 'fixed32' as const, value })),
  fixed64: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((value) => ({ kind: 'fixed64' as const, value })),
  packed: fc
    .array(fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY)), { maxLength: 6 })
    .map((v) => ({ kind: 'bytes' as const, value: floats(0, v).value as Uint8Array })),
});
const kinds = ['varint', 'bytes', 'message', 'fixed32', 'fixed64', 'packed'] as const;

const fieldOp = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat() }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), values }) },
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), kind: fc.constantFrom(...kinds), values }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    n: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constant(2 ** 29 - 1)),
    kind: fc.constantFrom(...kinds),
    values,
  }),
);
type FieldOp = typeof fieldOp extends fc.Arbitrary<infer T> ? T : never;

function applyFieldOp(message: Message, op: FieldOp): void {
  const all = fieldsOf(message);
  if (all.length === 0) {
    if (op.op === 'insert') message.push({ n: op.n, ...op.values[op.kind] } as Field);
    return;
  }
  const { list, index } = all[op.at % all.length];
  const field = list[index];
  if (op.op === 'drop') list.splice(index, 1);
  else if (op.op === 'repeat') list.splice(index, 0, clone([field])[0]);
  else if (op.op === 'replace' && field.kind === 'bytes' && field.value.length % 4 === 0 && field.value.length > 0) {
    list[index] = { n: field.n, ...(op.at % 2 ? op.values.packed : op.values.bytes) } as Field; // maybe a packed float list
  } else if (op.op === 'replace') list[index] = { n: field.n, ...op.values[field.kind] } as Field;
  else if (op.op === 'retype') list[index] = { n: field.n, ...op.values[op.kind] } as Field;
  else list.splice(index, 0, { n: op.n, ...op.values[op.kind] } as Field);
}

const byteOp = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), bytes: anyBytes }),
);
type ByteOp = typeof byteOp extends fc.Arbitrary<infer T> ? T : never;

function applyByteOp(bytes: Uint8Array, op: ByteOp): Uint8Array {
  const at = bytes.length === 0 ? 0 : op.at % bytes.length;
  if (op.op === 'truncate') return bytes.slice(0, at);
  if (op.op === 'splice') return Uint8Array.from([...bytes.slice(0, at), ...op.bytes, ...bytes.slice(at)]);
  const out = bytes.slice();
  if (out.length > 0) out[at] ^= 1 << op.bit;
  return out;
}

const frameOp = fc.oneof(
  { weight: 18, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ flag: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ declaredLength: fc.oneof(fc.nat({ max: 64 }), fc.constant(2 ** 32 - 1), fc.constant(33 * 1024 * 1024)) }) },
);

/** One fuzz case: which RPC, its seed mutated at field, byte and frame level, or random bytes. */
export const grpcCase = fc
  .record({
    seed: fc.nat({ max: GRPC_SEEDS.length - 1 }),
    path: fc.oneof(
      { weight: 19, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(NOT_IN_API, '/qdrant.Snapshots/List', '/qdrant.Points/Recommend', '/x') },
    ),
    fieldOps: fc.array(fieldOp, { maxLength: 3 }),
    byteOps: fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(byteOp, { minLength: 1, maxLength: 2 }) }),
    random: fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) }),
    frame: frameOp,
  })
  .map(({ seed, path, fieldOps, byteOps, random, frame }) => {
    const [seedPath, seedMessage] = GRPC_SEEDS[seed];
    const message = clone(seedMessage);
    for (const op of fieldOps) applyFieldOp(message, op);
    let bytes = random ?? encode(message);
    for (const op of byteOps) bytes = applyByteOp(bytes, op);
    return { path: path ?? seedPath, body: grpcFrame(bytes, frame), describe: { seed, path, fieldOps, byteOps, random: random !== null, frame } };
  });
