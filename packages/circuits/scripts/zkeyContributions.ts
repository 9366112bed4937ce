/**
 * Reads the phase-2 contributions recorded in a Groth16 zkey (snarkjs's binary format, BN254),
 * with the contribution hash snarkjs prints for each (`snarkjs zkey verify`), so the manifest
 * can list every contribution of a committed key without the ptau or the r1cs it came from.
 *
 * The format (snarkjs src/zkey_utils.js, `readMPCParams`/`hashPubKey`): section 10 holds the
 * circuit hash, then per contribution deltaAfter (G1), g1_s (G1), g1_sx (G1), g2_spx (G2) in
 * little-endian Montgomery form, the 64-byte transcript, a type (1 = beacon) and parameters
 * (1 name, 2 the beacon's iteration exponent, 3 the beacon hash). The contribution hash is
 * BLAKE2b-512 of the four points in uncompressed big-endian form and the transcript.
 */
import { createHash } from "node:crypto";
import { ArtifactError } from "@pop/core/errors";
import type { Contribution } from "../src/artifacts.js";

/** The BN254 base field modulus: the only curve pop's keys use. */
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const N8 = 32;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** R⁻¹ mod q, R = 2^256: a Montgomery-form element times it is the element. */
const R_INV = modPow((1n << 256n) % Q, Q - 2n, Q);

/** A cursor over the file's bytes that refuses to read past the end. */
class Reader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  take(length: number): Uint8Array {
    if (this.pos + length > this.bytes.byteLength) throw new ArtifactError("the zkey is truncated");
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u32(): number {
    const at = this.pos;
    this.take(4);
    return this.view.getUint32(at, true);
  }
  u64(): number {
    const at = this.pos;
    this.take(8);
    return Number(this.view.getBigUint64(at, true));
  }
}

const littleEndian = (bytes: Uint8Array) => bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

function bigEndian(value: bigint): Uint8Array {
  const out = new Uint8Array(N8);
  let rest = value;
  for (let i = N8 - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/**
 * One affine point (G1: 2 coordinates of 1 limb, G2: 2 of 2) from little-endian Montgomery
 * form to what snarkjs hashes (ffjavascript's toRprUncompressed): each coordinate's limbs out
 * of Montgomery form, the coordinate big-endian, so a G2 coordinate c0 + c1·u is c1 ‖ c0.
 */
function uncompressed(reader: Reader, limbs: 1 | 2): Uint8Array {
  const out: Uint8Array[] = [];
  for (let coordinate = 0; coordinate < 2; coordinate++) {
    const parts: Uint8Array[] = [];
    for (let limb = 0; limb < limbs; limb++) {
      parts.unshift(bigEndian((littleEndian(reader.take(N8)) * R_INV) % Q));
    }
    out.push(...parts);
  }
  return Buffer.concat(out);
}

/** The sections of a snarkjs binary file: type → [offset, size] of its body. */
function sections(reader: Reader): Map<number, { offset: number; size: number }> {
  const magic = new TextDecoder().decode(reader.take(4));
  if (magic !== "zkey") throw new ArtifactError("not a zkey file");
  reader.u32(); // version
  const count = reader.u32();
  const found = new Map<number, { offset: number; size: number }>();
  for (let i = 0; i < count; i++) {
    const type = reader.u32();
    const size = reader.u64();
    if (found.has(type)) throw new ArtifactError(`the zkey has section ${type} twice`);
    found.set(type, { offset: reader.pos, size });
    reader.take(size);
  }
  return found;
}

function readContribution(reader: Reader): Contribution {
  const hash = createHash("blake2b512");
  hash.update(uncompressed(reader, 1)); // deltaAfter
  hash.update(uncompressed(reader, 1)); // g1_s
  hash.update(uncompressed(reader, 1)); // g1_sx
  hash.update(uncompressed(reader, 2)); // g2_spx
  hash.update(reader.take(64)); // transcript
  const type = reader.u32();
  const end = reader.u32() + reader.pos;
  let name = "";
  let iterationsExp: number | undefined;
  let beaconHash: string | undefined;
  while (reader.pos < end) {
    const parameter = reader.u8();
    if (parameter === 1) name = new TextDecoder().decode(reader.take(reader.u8()));
    else if (parameter === 2) iterationsExp = reader.u8();
    else if (parameter === 3) beaconHash = Buffer.from(reader.take(reader.u8())).toString("hex");
    else throw new ArtifactError(`the zkey has an unknown contribution parameter ${parameter}`);
  }
  const contribution: Contribution = { name, hash: hash.digest("hex") };
  if (type === 1) {
    if (iterationsExp === undefined || beaconHash === undefined) {
      throw new ArtifactError("the zkey has a beacon contribution without its beacon");
    }
    contribution.beacon = { hash: beaconHash, iterationsExp };
  } else if (type !== 0) {
    throw new ArtifactError(`the zkey has a contribution of unknown type ${type}`);
  }
  return contribution;
}

/**
 * The phase-2 contributions of a Groth16 zkey over BN254, in order.
 * @param zkey the zkey file's bytes
 * @returns each contribution's name ("" when it has none), its hash (hex BLAKE2b-512, as
 *   `snarkjs zkey verify` prints it) and, for a beacon, the beacon hash and iteration exponent
 * @throws ArtifactError when the bytes are not a Groth16 BN254 zkey
 */
export function readZkeyContributions(zkey: Uint8Array): Contribution[] {
  const reader = new Reader(zkey);
  const found = sections(reader);
  const section = (type: number) => {
    const entry = found.get(type);
    if (entry === undefined) throw new ArtifactError(`the zkey has no section ${type}`);
    return new Reader(zkey.subarray(entry.offset, entry.offset + entry.size));
  };
  if (section(1).u32() !== 1) throw new ArtifactError("the zkey is not a Groth16 key");
  const header = section(2);
  const n8q = header.u32();
  if (n8q !== N8 || littleEndian(header.take(n8q)) !== Q) throw new ArtifactError("the zkey is not over BN254");
  const mpc = section(10);
  mpc.take(64); // the circuit hash
  const count = mpc.u32();
  return Array.from({ length: count }, () => readContribution(mpc));
}
