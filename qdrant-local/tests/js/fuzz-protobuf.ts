/**
 * A protobuf writer small enough to read, for the gRPC fuzz: a message is a list of fields
 * (number, wire kind, value), so a test can build Qdrant's request messages from the field
 * numbers of qdrant-client's `.proto` files and mutate them field by field, including into
 * shapes no generated encoder would write (wrong wire types, unknown fields, invalid UTF-8,
 * out-of-range varints).
 */

export type Field =
  | { n: number; kind: 'varint'; value: bigint }
  | { n: number; kind: 'bytes'; value: Uint8Array }
  | { n: number; kind: 'message'; value: Message }
  | { n: number; kind: 'fixed32'; value: Uint8Array }
  | { n: number; kind: 'fixed64'; value: Uint8Array };
export type Message = Field[];

const WIRE = { varint: 0, fixed64: 1, bytes: 2, message: 2, fixed32: 5 } as const;

export const varint = (n: number, value: number | bigint | boolean): Field => ({ n, kind: 'varint', value: BigInt.asUintN(64, BigInt(value)) });
export const str = (n: number, value: string): Field => ({ n, kind: 'bytes', value: new TextEncoder().encode(value) });
export const msg = (n: number, ...fields: Field[]): Field => ({ n, kind: 'message', value: fields });
export const float32 = (n: number, value: number): Field => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return { n, kind: 'fixed32', value: bytes };
};
export const double = (n: number, value: number): Field => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return { n, kind: 'fixed64', value: bytes };
};
/** A packed `repeated float`. */
export const floats = (n: number, values: number[]): Field => {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, v] of values.entries()) view.setFloat32(i * 4, v, true);
  return { n, kind: 'bytes', value: bytes };
};

function writeVarint(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function writeField(out: number[], field: Field): void {
  writeVarint(out, (BigInt(field.n) << 3n) | BigInt(WIRE[field.kind]));
  if (field.kind === 'varint') {
    writeVarint(out, field.value);
    return;
  }
  const body = field.kind === 'message' ? encode(field.value) : field.value;
  if (field.kind === 'bytes' || field.kind === 'message') writeVarint(out, BigInt(body.length));
  for (const b of body) out.push(b);
}

export function encode(message: Message): Uint8Array {
  const out: number[] = [];
  for (const field of message) writeField(out, field);
  return Uint8Array.from(out);
}

/** gRPC's length-prefixed frame: compressed flag, 4-byte big-endian length, the message. */
export function grpcFrame(body: Uint8Array, options: { flag?: number; declaredLength?: number } = {}): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(options.flag ?? 0, 0);
  head.writeUInt32BE(options.declaredLength ?? body.length, 1);
  return Buffer.concat([head, Buffer.from(body)]);
}
