import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";

/** A source of random bytes: the platform's CSPRNG, or a seeded stream for reproducible tests. */
export type RandomSource = (length: number) => Uint8Array;

/** The platform's cryptographic random source (Web Crypto), in chunks of at most 64 KiB. */
export const cryptoRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) {
    crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65_536)));
  }
  return out;
};

/**
 * A deterministic random stream: ChaCha20 keyed with SHA-256 of `seed`. For synthetic test
 * data and benchmarks that must be reproducible, never for secret shares or keys.
 * @param seed any text
 */
export function seededRandom(seed: string): RandomSource {
  const key = sha256(utf8ToBytes(`pop.seededRandom:${seed}`));
  const nonce = new Uint8Array(12);
  let block = 0;
  return (length) => {
    const out = chacha20(key, nonce, new Uint8Array(length), undefined, block);
    block += Math.ceil(length / 64);
    return out;
  };
}

/**
 * `count` independent Bernoulli(`probability`) draws as 0/1 bytes, from 16-bit uniforms
 * (the probability is rounded to a multiple of 2^-16).
 */
export function bernoulli(random: RandomSource, count: number, probability: number): Uint8Array {
  const threshold = Math.round(probability * 65_536);
  const bytes = random(2 * count);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = ((bytes[2 * i] ?? 0) | ((bytes[2 * i + 1] ?? 0) << 8)) < threshold ? 1 : 0;
  }
  return out;
}
