import { InputError } from "@pop/core/errors";
import { expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { formatIsoTime } from "@pop/core/time";
import type { PersonhoodProof } from "./generateProof.js";
import type { Disclosed } from "./publicSignals.js";
import {
  decodeDisclosure,
  type Groth16Proof,
  type PublicSignals,
  parseGroth16Proof,
  readPublicSignals,
} from "./publicSignals.js";
import type { ScopeSpec } from "./scope.js";

/**
 * The human-readable view stored beside a proof; never trusted, always re-checked. The scope is
 * named as it was given: a raw scope text, or an app and an action in it (scope.ts).
 */
export type DecodedView = {
  merkleRoot: string;
  issuerRoot: string;
  nullifier: string;
  disclosed: Disclosed;
  message: string;
  time: string;
} & ScopeSpec;

/** proof.json (version 2: the personhood circuit v2, six public signals): snarkjs's `proof` and `publicSignals`, plus the circuit build and a decoded view. */
export type PersonhoodProofDocument = {
  version: 2;
  type: "pop-personhood-proof";
  maxDepth: number;
  proof: Groth16Proof;
  publicSignals: string[];
  decoded: DecodedView;
};

/** A parsed proof document: shapes checked, values not yet verified. */
export type ParsedPersonhoodProof = {
  maxDepth: number;
  proof: Groth16Proof;
  signals: PublicSignals;
  publicSignals: string[];
  decoded?: DecodedView;
};

/**
 * Builds proof.json from a proof and the texts its scope and message were made from.
 * @param proof the generated proof
 * @param texts the scope (a raw text, or an app and an action) and the message text
 */
export function proofDocument(proof: PersonhoodProof, texts: ScopeSpec & { message: string }): PersonhoodProofDocument {
  const signals = readPublicSignals(proof.publicSignals);
  const { time, disclosed } = decodeDisclosure(signals.disclosure);
  return {
    version: 2,
    type: "pop-personhood-proof",
    maxDepth: proof.maxDepth,
    proof: proof.proof,
    publicSignals: proof.publicSignals,
    decoded: {
      merkleRoot: signals.merkleRoot.toString(),
      issuerRoot: signals.issuerRoot.toString(),
      nullifier: signals.nullifier.toString(),
      disclosed,
      ...("scope" in texts ? { scope: texts.scope } : { app: texts.app, action: texts.action }),
      message: texts.message,
      time: formatIsoTime(time),
    },
  };
}

/**
 * Parses proof.json strictly (shape only: a tampered value is found by verification, a
 * malformed file is an InputError).
 * @param value the parsed JSON
 */
export function parsePersonhoodProof(value: unknown): ParsedPersonhoodProof {
  const object = expectObject(
    value,
    "proof file",
    ["version", "type", "maxDepth", "proof", "publicSignals"],
    ["decoded"],
  );
  expectLiteral(object.version, "proof.version", 2);
  expectLiteral(object.type, "proof.type", "pop-personhood-proof");
  const maxDepth = expectInteger(object.maxDepth, "proof.maxDepth", 1, 32);
  const proof = parseGroth16Proof(object.proof);
  const signals = readPublicSignals(object.publicSignals);
  const parsed: ParsedPersonhoodProof = {
    maxDepth,
    proof,
    signals,
    publicSignals: object.publicSignals as string[],
  };
  if (object.decoded !== undefined) {
    const view = expectObject(
      object.decoded,
      "proof.decoded",
      ["merkleRoot", "issuerRoot", "nullifier", "disclosed", "message", "time"],
      ["scope", "app", "action"],
    );
    // The scope is named one way: a raw text, or an app and an action.
    const named = "scope" in view ? ["scope"] : ["app", "action"];
    if (("scope" in view && ("app" in view || "action" in view)) || !named.every((key) => key in view)) {
      throw new InputError("proof.decoded names its scope by scope, or by app and action");
    }
    const disclosed = expectObject(view.disclosed, "proof.decoded.disclosed", [], ["country", "kind"]);
    if (disclosed.country !== undefined) expectInteger(disclosed.country, "proof.decoded.disclosed.country", 0, 999);
    if (disclosed.kind !== undefined) expectString(disclosed.kind, "proof.decoded.disclosed.kind");
    for (const key of ["merkleRoot", "issuerRoot", "nullifier", ...named, "message", "time"]) {
      expectString(view[key], `proof.decoded.${key}`);
    }
    if (view.app === "") throw new InputError("proof.decoded.app must not be empty");
    parsed.decoded = view as DecodedView;
  } else if ("decoded" in object) {
    throw new InputError("proof.decoded must be an object");
  }
  return parsed;
}
