import type { SourceKey } from "../src/cluster/sourceKey.js";
import { type CustodyPackage, createCustodyPackage } from "../src/custody/package.js";
import { quantizeFace } from "../src/faceTemplate.js";
import type { IrisCode } from "../src/irisCode.js";
import type { RandomSource } from "../src/randomSource.js";
import { randomIrisCode, similarIrisCode } from "../src/syntheticIris.js";

/**
 * Synthetic people for the uniqueness tests (here, in the node's and in the CLI's): two eyes,
 * a face embedding and a nullifier key each, and the packages a registered source makes of them.
 */

/** A synthetic person. */
export type Person = { left: IrisCode; right: IrisCode; face: number[]; nullifierKey: bigint };

/** A field element below 2^248 from the seeded source (a test's n). */
function testNullifierKey(random: RandomSource): bigint {
  return BigInt(`0x${Buffer.from(random(31)).toString("hex")}`) + 1n;
}

/** A face embedding: uniform values in [−1, 1). */
export function randomEmbedding(random: RandomSource): number[] {
  return Array.from(random(1024), (byte) => byte / 128 - 1);
}

/** A new person. */
export function randomPerson(random: RandomSource): Person {
  return {
    left: randomIrisCode(random),
    right: randomIrisCode(random),
    face: randomEmbedding(random),
    nullifierKey: testNullifierKey(random),
  };
}

/** Another capture of a person's eyes (15% of bits flipped, rotated by 3 columns). */
export function recapture(person: Person, random: RandomSource): Pick<Person, "left" | "right"> {
  const again = (eye: IrisCode) => similarIrisCode({ of: eye, flipRate: 0.15, rotation: 3, random });
  return { left: again(person.left), right: again(person.right) };
}

/** Another capture of a person's face (cosine ≈ 0.89 with the first). */
export function recaptureFace(person: Person, random: RandomSource): number[] {
  const noise = randomEmbedding(random);
  return person.face.map((value, i) => value + 0.5 * noise[i]!);
}

/** Makes packages as a registered capture source. */
export function packagesFor(options: {
  nodeKeys: readonly [Uint8Array, Uint8Array, Uint8Array];
  source: SourceKey;
  random: RandomSource;
}) {
  const base = { nodeKeys: options.nodeKeys, source: options.source, random: options.random };
  return {
    /** Both eyes, with the escrow of `nullifierKey`. */
    iris(eyes: Pick<Person, "left" | "right">, nullifierKey: bigint): CustodyPackage {
      return createCustodyPackage({ ...base, templates: { modality: "iris", ...eyes }, nullifierKey });
    },
    /** A face, with the escrow of `nullifierKey`. */
    face(embedding: number[], nullifierKey: bigint): CustodyPackage {
      return createCustodyPackage({
        ...base,
        templates: { modality: "face", face: quantizeFace(embedding) },
        nullifierKey,
      });
    },
    /** A recovery's capture: both eyes and N, no escrow. */
    capture(eyes: Pick<Person, "left" | "right">, nullifierCommitment: bigint): CustodyPackage {
      return createCustodyPackage({ ...base, templates: { modality: "iris", ...eyes }, nullifierCommitment });
    },
  };
}
