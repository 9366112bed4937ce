import { createCipheriv } from "node:crypto";
import type { PartyChannel } from "./channel.js";
import { nativeBooleans } from "./nativeDots.js";
import type { Party } from "./templateShares.js";

/**
 * Replicated secret sharing among three parties (honest majority, semi-honest): a value is
 * x = x0 ⊕ x1 ⊕ x2 (or x0 + x1 + x2 in Z_2^16) and party j holds (x_j, x_{j+1}). Any one
 * party's pair is uniformly random. Vectors of bits are bit-sliced: one Uint32Array word
 * holds 32 independent shared bits, so one AND round serves millions of comparisons.
 */

/** This party's view of a shared bit vector: its own share and the next party's. */
export type Shared = { readonly own: Uint32Array; readonly next: Uint32Array };

/** What a party needs to run the protocol for one request. */
export type MpcContext = {
  readonly party: Party;
  readonly channel: PartyChannel;
  /** The 32-byte key this party shares with the previous party. */
  readonly prevKey: Uint8Array;
  /** The 32-byte key this party shares with the next party. */
  readonly nextKey: Uint8Array;
  /** 12 bytes unique to the request (from its id), so no stream is ever reused. */
  readonly nonce: Uint8Array;
};

/**
 * One party's side of the boolean and arithmetic operations. Correlated randomness comes from
 * the pairwise keys: party j's zero share is F(k_j) ⊕ F(k_{j+1}), where k_j is the key of
 * parties j − 1 and j, so the three zero shares cancel and no message is needed to make them.
 */
export class ReplicatedEngine {
  readonly party: Party;
  readonly #channel: PartyChannel;
  readonly #prev: KeyStream;
  readonly #next: KeyStream;
  /** Rounds of communication so far. */
  rounds = 0;
  /** Bytes this party has sent so far. */
  bytesSent = 0;

  constructor(context: MpcContext) {
    this.party = context.party;
    this.#channel = context.channel;
    this.#prev = new KeyStream(context.prevKey, context.nonce);
    this.#next = new KeyStream(context.nextKey, context.nonce);
  }

  async #exchange(data: Uint8Array): Promise<Uint8Array> {
    this.rounds++;
    this.bytesSent += data.length;
    const received = await this.#channel.exchange(data);
    if (received.length !== data.length) {
      throw new RangeError(`a peer sent ${received.length} bytes where ${data.length} were due`);
    }
    return received;
  }

  /** Arithmetic zero shares in Z_2^16 (they sum to 0 over the three parties). */
  async #zero16(length: number): Promise<Uint16Array> {
    const a = words16(await this.#prev.take(2 * length));
    const b = words16(await this.#next.take(2 * length));
    for (let i = 0; i < length; i++) {
      a[i] = (a[i]! - b[i]!) & 0xffff;
    }
    return a;
  }

  /** Boolean zero shares (they XOR to 0 over the three parties). */
  async #zeroBits(words: number): Promise<Uint32Array> {
    const a = words32(await this.#prev.take(4 * words));
    const b = words32(await this.#next.take(4 * words));
    for (let i = 0; i < words; i++) {
      a[i] = a[i]! ^ b[i]!;
    }
    return a;
  }

  /**
   * Turns additive shares in Z_2^16 (party j holds only a_j) into replicated ones (a_j, a_{j+1})
   * in one round: each party re-randomizes its share with a zero share and sends it on.
   */
  async reshare(additive: Uint16Array): Promise<{ own: Uint16Array; next: Uint16Array }> {
    const zero = await this.#zero16(additive.length);
    const own = new Uint16Array(additive.length);
    for (let i = 0; i < own.length; i++) {
      own[i] = (additive[i]! + zero[i]!) & 0xffff;
    }
    const received = await this.#exchange(new Uint8Array(own.buffer));
    return { own, next: new Uint16Array(received.slice().buffer) };
  }

  /** A public constant as a sharing: (c, 0, 0). */
  constant(bits: Uint32Array): Shared {
    return {
      own: this.party === 0 ? bits : zeroWords(bits.length),
      next: this.party === 2 ? bits : zeroWords(bits.length),
    };
  }

  /** The sharing of 0s or 1s, `words` words long. */
  fill(words: number, one: boolean): Shared {
    if (!one) {
      return { own: zeroWords(words), next: zeroWords(words) };
    }
    return this.constant(new Uint32Array(words).fill(0xffffffff));
  }

  /** a ⊕ b (local). */
  xor(a: Shared, b: Shared): Shared {
    return { own: xorWords(a.own, b.own), next: xorWords(a.next, b.next) };
  }

  /** ¬a (local: x0 is flipped, by the two parties that hold it). */
  not(a: Shared): Shared {
    return this.xor(a, this.fill(a.own.length, true));
  }

  /**
   * a_k ∧ b_k for every pair, in one round. Party j computes its share of the product from
   * the three cross terms it can see, masks it with a zero share, and sends it on.
   */
  async and(pairs: readonly (readonly [Shared, Shared])[]): Promise<Shared[]> {
    const total = pairs.reduce((sum, [a]) => sum + a.own.length, 0);
    const zero = await this.#zeroBits(total);
    const own = new Uint32Array(total);
    const native = nativeBooleans();
    let offset = 0;
    for (const [a, b] of pairs) {
      const length = a.own.length;
      if (native !== undefined) {
        const part = (array: Uint32Array) => array.subarray(offset, offset + length);
        native.andShares(a.own, a.next, b.own, b.next, part(zero), part(own));
        offset += length;
        continue;
      }
      for (let i = 0; i < length; i++) {
        const ao = a.own[i]!;
        const an = a.next[i]!;
        const bo = b.own[i]!;
        own[offset + i] = (ao & bo) ^ (ao & b.next[i]!) ^ (an & bo) ^ zero[offset + i]!;
      }
      offset += a.own.length;
    }
    const next = new Uint32Array((await this.#exchange(new Uint8Array(own.buffer))).slice().buffer);
    const out: Shared[] = [];
    offset = 0;
    for (const [a] of pairs) {
      const length = a.own.length;
      out.push({ own: own.subarray(offset, offset + length), next: next.subarray(offset, offset + length) });
      offset += length;
    }
    return out;
  }

  /**
   * Full adders, all in one round: for each (a, b, c), sum = a ⊕ b ⊕ c and carry = maj(a, b, c)
   * = ((a ⊕ c) ∧ (b ⊕ c)) ⊕ c. The same messages as `and` on the XORed pairs, without making
   * the XORs as arrays first (the adders are most of the threshold circuit's work).
   */
  async fullAdders(triples: readonly (readonly [Shared, Shared, Shared])[]): Promise<{ sum: Shared; carry: Shared }[]> {
    const total = triples.reduce((sum, [a]) => sum + a.own.length, 0);
    const zero = await this.#zeroBits(total);
    const own = new Uint32Array(total);
    const sums = triples.map(([a]) => ({ own: new Uint32Array(a.own.length), next: new Uint32Array(a.own.length) }));
    const carries = triples.map(([a]) => new Uint32Array(a.own.length));
    const native = nativeBooleans();
    let offset = 0;
    for (const [t, [a, b, c]] of triples.entries()) {
      const { own: sumOwn, next: sumNext } = sums[t]!;
      const [aOwn, aNext, bOwn, bNext, cOwn, cNext] = [a.own, a.next, b.own, b.next, c.own, c.next];
      const length = aOwn.length;
      const carry = carries[t]!;
      if (native !== undefined) {
        const part = (array: Uint32Array) => array.subarray(offset, offset + length);
        native.fullAdders(aOwn, aNext, bOwn, bNext, cOwn, cNext, part(zero), part(own), sumOwn, sumNext, carry);
        offset += length;
        continue;
      }
      for (let i = 0; i < length; i++) {
        const co = cOwn[i]!;
        const cn = cNext[i]!;
        const ao = aOwn[i]! ^ co;
        const an = aNext[i]! ^ cn;
        const bo = bOwn[i]! ^ co;
        const bn = bNext[i]! ^ cn;
        const sent = (ao & bo) ^ (ao & bn) ^ (an & bo) ^ zero[offset + i]!;
        own[offset + i] = sent;
        sumOwn[i] = ao ^ bOwn[i]!;
        sumNext[i] = an ^ bNext[i]!;
        carry[i] = sent ^ co;
      }
      offset += length;
    }
    // The received message is a copy of our own: the carries' next halves are made in place.
    const next = new Uint32Array((await this.#exchange(new Uint8Array(own.buffer))).slice().buffer);
    offset = 0;
    return triples.map(([a, , c], t) => {
      const length = a.own.length;
      const carryNext = next.subarray(offset, offset + length);
      if (native !== undefined) {
        native.xorWords(carryNext, c.next, carryNext);
      } else {
        const cNext = c.next;
        for (let i = 0; i < length; i++) carryNext[i] = carryNext[i]! ^ cNext[i]!;
      }
      offset += length;
      return { sum: sums[t]!, carry: { own: carries[t]!, next: carryNext } };
    });
  }

  /** Reveals a shared vector to every party: each sends the share its previous party lacks. */
  async open(a: Shared): Promise<Uint32Array> {
    const third = new Uint32Array((await this.#exchange(new Uint8Array(a.next.slice().buffer))).slice().buffer);
    const out = new Uint32Array(a.own.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = a.own[i]! ^ a.next[i]! ^ third[i]!;
    }
    return out;
  }
}

/**
 * A keystream for correlated randomness: AES-256-CTR (Node's OpenSSL, so hardware AES where
 * there is one) keyed with a pairwise key, the counter block starting at the request's 12-byte
 * nonce followed by a 32-bit block counter; each take starts at a fresh block.
 */
export class KeyStream {
  readonly #key: Uint8Array;
  readonly #nonce: Uint8Array;
  #block = 0;

  constructor(key: Uint8Array, nonce: Uint8Array) {
    if (key.length !== 32 || nonce.length !== 12) {
      throw new RangeError("a key stream needs a 32-byte key and a 12-byte nonce");
    }
    this.#key = key.slice();
    this.#nonce = nonce.slice();
  }

  /** The next `length` bytes of the stream. */
  async take(length: number): Promise<Uint8Array> {
    const counter = new Uint8Array(16);
    counter.set(this.#nonce);
    new DataView(counter.buffer).setUint32(12, this.#block);
    this.#block += Math.ceil(length / 16);
    if (this.#block > 0xffffffff) {
      throw new RangeError("a key stream ran past 2^32 blocks");
    }
    const stream = createCipheriv("aes-256-ctr", this.#key, counter).update(new Uint8Array(length));
    // Callers view it as 16- or 32-bit words: a small output may sit unaligned in Node's pool.
    return stream.byteOffset % 4 === 0 ? stream : new Uint8Array(stream);
  }
}

const words16 = (bytes: Uint8Array) => new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
const words32 = (bytes: Uint8Array) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);

/** Arrays known to hold only zeros, so XOR with them can be skipped. */
const ZEROS = new WeakSet<Uint32Array>();

/** `words` zero words, marked so that xorWords can skip them. Never write into the result. */
export function zeroWords(words: number): Uint32Array {
  const zero = new Uint32Array(words);
  ZEROS.add(zero);
  return zero;
}

/** a ⊕ b word by word (shares are never written in place, so an operand may be returned). */
export function xorWords(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (ZEROS.has(b)) return a;
  if (ZEROS.has(a)) return b;
  const out = new Uint32Array(a.length);
  const native = nativeBooleans();
  if (native !== undefined) {
    native.xorWords(a, b, out);
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    out[i] = a[i]! ^ b[i]!;
  }
  return out;
}
