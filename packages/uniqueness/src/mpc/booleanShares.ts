import { keyedStream, type RandomSource } from "../randomSource.js";
import type { PartyChannel } from "./channel.js";
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
  readonly #prev: RandomSource;
  readonly #next: RandomSource;
  /** Rounds of communication so far. */
  rounds = 0;
  /** Bytes this party has sent so far. */
  bytesSent = 0;

  constructor(context: MpcContext) {
    this.party = context.party;
    this.#channel = context.channel;
    this.#prev = keyedStream(context.prevKey, context.nonce);
    this.#next = keyedStream(context.nextKey, context.nonce);
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
  #zero16(length: number): Uint16Array {
    const a = new Uint16Array(this.#prev(2 * length).buffer);
    const b = new Uint16Array(this.#next(2 * length).buffer);
    for (let i = 0; i < length; i++) {
      a[i] = (a[i]! - b[i]!) & 0xffff;
    }
    return a;
  }

  /** Boolean zero shares (they XOR to 0 over the three parties). */
  #zeroBits(words: number): Uint32Array {
    const a = new Uint32Array(this.#prev(4 * words).buffer);
    const b = new Uint32Array(this.#next(4 * words).buffer);
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
    const zero = this.#zero16(additive.length);
    const own = new Uint16Array(additive.length);
    for (let i = 0; i < own.length; i++) {
      own[i] = (additive[i]! + zero[i]!) & 0xffff;
    }
    const received = await this.#exchange(new Uint8Array(own.buffer));
    return { own, next: new Uint16Array(received.slice().buffer) };
  }

  /** A public constant as a sharing: (c, 0, 0). */
  constant(bits: Uint32Array): Shared {
    const zero = new Uint32Array(bits.length);
    return {
      own: this.party === 0 ? bits.slice() : zero,
      next: this.party === 2 ? bits.slice() : zero.slice(),
    };
  }

  /** The sharing of 0s or 1s, `words` words long. */
  fill(words: number, one: boolean): Shared {
    return this.constant(new Uint32Array(words).fill(one ? 0xffffffff : 0));
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
    const zero = this.#zeroBits(total);
    const own = new Uint32Array(total);
    let offset = 0;
    for (const [a, b] of pairs) {
      for (let i = 0; i < a.own.length; i++) {
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

/** a ⊕ b word by word. */
export function xorWords(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = a[i]! ^ b[i]!;
  }
  return out;
}

/** Bit `bit` of every value, packed 32 values to a word (value i at bit i mod 32 of word i / 32). */
export function bitPlane(values: Uint16Array, bit: number): Uint32Array {
  const plane = new Uint32Array(Math.ceil(values.length / 32));
  for (let i = 0; i < values.length; i++) {
    plane[i >>> 5]! |= ((values[i]! >>> bit) & 1) << (i & 31);
  }
  return plane;
}
