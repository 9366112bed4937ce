// Minimal typings for the parts of snarkjs 0.7 that pop uses (snarkjs ships none).
declare module "snarkjs" {
  export type SnarkjsProof = {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  };
  export const groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasm: Uint8Array | string,
      zkey: Uint8Array | string,
      logger?: unknown,
    ): Promise<{ proof: SnarkjsProof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: unknown, proof: unknown, logger?: unknown): Promise<boolean>;
  };
  export const zKey: {
    exportVerificationKey(zkey: Uint8Array | string): Promise<Record<string, unknown>>;
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<unknown>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: unknown): Promise<unknown>;
    beacon(
      oldZkey: string,
      newZkey: string,
      name: string,
      beaconHash: string,
      numIterationsExp: number,
      logger?: unknown,
    ): Promise<Uint8Array | false>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<boolean>;
  };
  export const r1cs: {
    info(
      r1cs: string,
    ): Promise<{ nConstraints: number; nPubInputs: number; nOutputs: number; nPrvInputs: number; nVars: number }>;
  };
  export const wtns: {
    calculate(
      input: Record<string, unknown>,
      wasm: Uint8Array | string,
      wtns: { type: "mem"; data?: Uint8Array } | string,
    ): Promise<void>;
    check(r1cs: string, wtns: string, logger?: unknown): Promise<boolean>;
  };
}
