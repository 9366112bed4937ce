import { readFile } from "node:fs/promises";
import * as snarkjs from "snarkjs";

/** A computed witness: the wtns file bytes. */
export type Witness = { type: "mem"; data: Uint8Array };

/**
 * Computes a witness with a circuit's wasm; throws when an assertion (===) fails.
 * @param wasm the circuit's wasm bytes
 * @param input the circuit input
 */
export async function computeWitness(wasm: Uint8Array, input: Record<string, unknown>): Promise<Witness> {
  const witness = { type: "mem" } as { type: "mem"; data?: Uint8Array };
  await snarkjs.wtns.calculate(input, wasm, witness);
  if (witness.data === undefined) throw new Error("no witness written");
  return witness as Witness;
}

/** Reads wire values out of a witness. */
export function wireValues(witness: Witness): bigint[] {
  const { offset, n8, count } = valuesSection(witness.data);
  const values: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let value = 0n;
    for (let b = n8 - 1; b >= 0; b--) value = (value << 8n) | BigInt(witness.data[offset + i * n8 + b]!);
    values.push(value);
  }
  return values;
}

/** A copy of the witness with wire `wire` set to `value`: what a cheating prover would try. */
export function tamper(witness: Witness, wire: number, value: bigint): Witness {
  const data = witness.data.slice();
  const { offset, n8 } = valuesSection(data);
  let rest = value;
  for (let b = 0; b < n8; b++) {
    data[offset + wire * n8 + b] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return { type: "mem", data };
}

// wtns layout: "wtns", version u32, section count u32, then sections (type u32, size u64,
// payload); section 1 = n8 u32, prime (n8 bytes), wire count u32; section 2 = the values.
function valuesSection(data: Uint8Array): { offset: number; n8: number; count: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let position = 12;
  let n8 = 0;
  let count = 0;
  for (let s = 0; s < view.getUint32(8, true); s++) {
    const type = view.getUint32(position, true);
    const size = Number(view.getBigUint64(position + 4, true));
    const payload = position + 12;
    if (type === 1) {
      n8 = view.getUint32(payload, true);
      count = view.getUint32(payload + 4 + n8, true);
    }
    if (type === 2) return { offset: payload, n8, count };
    position = payload + size;
  }
  throw new Error("witness has no values section");
}

/** Whether a witness satisfies every constraint of an r1cs file. */
export async function satisfies(r1cs: string, witness: Witness): Promise<boolean> {
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  return snarkjs.wtns.check(r1cs, witness as unknown as string, quiet);
}

/** Maps signal names (`main.nullifier`) to wire indices from a .sym file. */
export async function wireIndex(sym: string): Promise<(name: string) => number> {
  const wires = new Map<string, number>();
  for (const line of (await readFile(sym, "utf8")).split("\n")) {
    const [, wire, , name] = line.split(",");
    if (name !== undefined && wire !== undefined && Number(wire) >= 0) wires.set(name, Number(wire));
  }
  return (name) => {
    const wire = wires.get(name);
    if (wire === undefined) throw new Error(`no wire for ${name}`);
    return wire;
  };
}
