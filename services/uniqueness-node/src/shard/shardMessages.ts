import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import type { Shared } from "@pop/uniqueness/mpc/booleanShares";
import { TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";

/**
 * The two messages between a party's coordinator and its shards over the party's NATS
 * (docs/uniqueness.md#past-one-machine): a query (the request's id, nonce and pairwise keys,
 * the presented N's commitment, how much of the gallery to compare, this party's query
 * shares) and a shard's answer (its two group bits, still shared, and what it cost). Both
 * are a length-prefixed JSON header and then raw bytes.
 */

/** What a shard is asked. */
export type ShardQuery = {
  readonly requestId: string;
  readonly nonce: Uint8Array;
  readonly prevKey: Uint8Array;
  readonly nextKey: Uint8Array;
  /** Slots compared in the whole gallery (the shard compares its part of them). */
  readonly entries: number;
  readonly nullifierCommitment: string;
  /** Rotations each way (15 for irises, 0 for faces). */
  readonly rotations: number;
  /** One share per gallery: [left, right] for both eyes, or one. */
  readonly shares: readonly Uint16Array[];
};

/** What a shard answers. */
export type ShardAnswer = {
  readonly bits: Shared;
  readonly dotsMs: number;
  readonly mpcMs: number;
  readonly rounds: number;
  readonly bytesSent: number;
};

/** A message: a 4-byte length, a JSON header, then raw bytes. */
export function frame(header: unknown, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  out.set(body, 4 + json.length);
  return out;
}

/** Reads a message framed by `frame`, strictly. */
export function unframe(data: Uint8Array): { header: Record<string, unknown>; body: Uint8Array } {
  if (data.length < 4) throw new InputError("a shard message is too short");
  const length = new DataView(data.buffer, data.byteOffset, data.length).getUint32(0);
  if (4 + length > data.length) throw new InputError("a shard message's header runs past its end");
  const header = JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + length))) as unknown;
  if (typeof header !== "object" || header === null) throw new InputError("a shard message's header is not an object");
  return { header: header as Record<string, unknown>, body: data.subarray(4 + length) };
}

/** Encodes a query for a shard. */
export function encodeQuery(query: ShardQuery): Uint8Array {
  const body = new Uint8Array(query.shares.length * TEMPLATE_VALUES * 2);
  query.shares.forEach((share, i) => {
    if (share.length !== TEMPLATE_VALUES) throw new InputError(`a query share has ${TEMPLATE_VALUES} values`);
    body.set(new Uint8Array(share.buffer, share.byteOffset, share.byteLength), i * TEMPLATE_VALUES * 2);
  });
  const { requestId, entries, nullifierCommitment, rotations } = query;
  const hex = {
    nonce: bytesToHex(query.nonce),
    prevKey: bytesToHex(query.prevKey),
    nextKey: bytesToHex(query.nextKey),
  };
  return frame({ requestId, entries, nullifierCommitment, rotations, ...hex, galleries: query.shares.length }, body);
}

function bytesField(header: Record<string, unknown>, name: string, length: number): Uint8Array {
  const value = header[name];
  if (typeof value !== "string") throw new InputError(`${name} must be ${length} bytes of hex`);
  return hexToBytes(value, name, length);
}

function integerField(header: Record<string, unknown>, name: string, max: number): number {
  const value = header[name];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InputError(`${name} must be an integer from 0 to ${max}`);
  }
  return value;
}

/** Decodes a query (a shard's side), strictly. */
export function decodeQuery(data: Uint8Array): ShardQuery {
  const { header, body } = unframe(data);
  const galleries = integerField(header, "galleries", 2);
  if (galleries < 1 || body.length !== galleries * TEMPLATE_VALUES * 2) {
    throw new InputError("a shard query carries one share per gallery, one or two");
  }
  const copy = new Uint8Array(body); // a copy of its own (a Buffer's slice shares the pool)
  const shares = Array.from(
    { length: galleries },
    (_, i) => new Uint16Array(copy.buffer, i * TEMPLATE_VALUES * 2, TEMPLATE_VALUES),
  );
  const { requestId, nullifierCommitment } = header;
  if (typeof requestId !== "string" || typeof nullifierCommitment !== "string") {
    throw new InputError("a shard query names its request and the presented N");
  }
  return {
    requestId,
    nullifierCommitment,
    nonce: bytesField(header, "nonce", 12),
    prevKey: bytesField(header, "prevKey", 32),
    nextKey: bytesField(header, "nextKey", 32),
    entries: integerField(header, "entries", 100_000_000),
    rotations: integerField(header, "rotations", 15),
    shares,
  };
}

/** Encodes a shard's answer, or the error it met. */
export function encodeAnswer(answer: ShardAnswer | { error: string }): Uint8Array {
  if ("error" in answer) return frame({ error: answer.error }, new Uint8Array());
  const { bits, ...stats } = answer;
  return frame(stats, new Uint8Array(new Uint32Array([bits.own[0]!, bits.next[0]!]).buffer));
}

/** Decodes a shard's answer (the coordinator's side); a shard's error is thrown. */
export function decodeAnswer(data: Uint8Array, shard: number): ShardAnswer {
  const { header, body } = unframe(data);
  if (typeof header.error === "string") throw new InputError(`shard ${shard} failed: ${header.error}`);
  if (body.length !== 8) throw new InputError(`shard ${shard} answered ${body.length} bytes of bits, not 8`);
  const words = new Uint32Array(new Uint8Array(body).buffer); // a copy: NATS hands Buffers from a shared pool
  const number = (name: string) => (typeof header[name] === "number" ? (header[name] as number) : 0);
  return {
    bits: { own: words.subarray(0, 1), next: words.subarray(1, 2) },
    dotsMs: number("dotsMs"),
    mpcMs: number("mpcMs"),
    rounds: number("rounds"),
    bytesSent: number("bytesSent"),
  };
}
