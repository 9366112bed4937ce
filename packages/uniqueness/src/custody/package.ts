import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { SNARK_SCALAR_FIELD } from "@pop/protocol/field";
import { nullifierCommitmentOf } from "@pop/protocol/identity";
import type { SourceInfo } from "../cluster/clusterFile.js";
import { faceTemplateValues } from "../faceTemplate.js";
import type { IrisCode } from "../irisCode.js";
import {
  PARTIES,
  type Party,
  shareTemplate,
  shareValues,
  TEMPLATE_VALUES,
  type TemplateShares,
} from "../mpc/templateShares.js";
import { cryptoRandom, type RandomSource } from "../randomSource.js";
import { splitNullifierKey } from "./escrow.js";
import { CustodyError, openBox, type SealedBox, sealBox } from "./seal.js";

export { CustodyError } from "./seal.js";

/**
 * The custody package (World's term), version 2 (docs/uniqueness.md#the-custody-package): a
 * person's templates, secret-shared where they are captured, each node's shares sealed to that
 * node's X25519 key; the person's N; 2-of-3 escrow shares of n, each sealed to its node; and the
 * capture source's Ed25519 signature over all of it. Nodes refuse a package no registered source
 * signed. An iris package holds both eyes, a face package one face. One part alone is noise.
 */

/** What a template is of: irises (both eyes) or a face. Each has its own gallery. */
export type Modality = "iris" | "face";
export const MODALITIES: readonly Modality[] = ["iris", "face"];

/** One node's sealed part. */
export type CustodyPart = { party: Party } & SealedBox;

/** The package's JSON form. */
export type CustodyPackage = {
  type: "pop.custodyPackage";
  version: 2;
  modality: Modality;
  /** N = Poseidon(n), decimal. */
  nullifierCommitment: string;
  /** Each node's template shares: left then right eye, or the face; 16-bit little-endian. */
  parts: CustodyPart[];
  /** Each node's escrow share of n, 32 bytes big-endian; none in a package made without n (a recovery's capture). */
  escrow: CustodyPart[];
  /** The capture source that made it, and its Ed25519 signature (hex) over packageDigest. */
  source: { id: string; signature: string };
};

/** What a package is made from. */
export type CaptureTemplates =
  | { modality: "iris"; left: IrisCode; right: IrisCode }
  | { modality: "face"; face: Int8Array };

/** The templates in a package of each modality. */
export const TEMPLATES_PER_PACKAGE: Record<Modality, number> = { iris: 2, face: 1 };

/** Bytes of one template share, and of one escrow share, as sealed. */
export const SHARE_BYTES = TEMPLATE_VALUES * 2;
export const ESCROW_BYTES = 32;

const templateData = (modality: Modality, party: Party, nodeKey: string, n: string) =>
  `pop.custody.v2|template|modality=${modality}|party=${party}|node=${nodeKey}|N=${n}`;
const escrowData = (party: Party, nodeKey: string, n: string) =>
  `pop.custody.v2|escrow|party=${party}|node=${nodeKey}|N=${n}`;

/**
 * What the source signs: sha256 over the package's every field but the signature, in order.
 * @param pkg the package (its signature is not read)
 */
export function packageDigest(pkg: Omit<CustodyPackage, "source"> & { source: { id: string } }): Uint8Array {
  const fields = [
    "pop.custodyPackage.v2",
    pkg.modality,
    pkg.nullifierCommitment,
    pkg.source.id,
    ...[...pkg.parts, ...pkg.escrow].flatMap((part) => [
      String(part.party),
      part.nodeKey,
      part.ephemeralKey,
      part.nonce,
      bytesToHex(sha256(new TextEncoder().encode(part.ciphertext))),
    ]),
  ];
  return sha256(new TextEncoder().encode(fields.join("|")));
}

/** What sealing a package takes besides its templates (see createCustodyPackage). */
export type SealingOptions = {
  nodeKeys: readonly [Uint8Array, Uint8Array, Uint8Array];
  nullifierKey?: bigint;
  nullifierCommitment?: bigint;
  source: { id: string; signing: string };
  random?: RandomSource;
};

/**
 * Makes a package on the capture side: shares the templates, seals each node's shares and its
 * escrow share of n, and signs as the source.
 * @param options.templates both eyes, or a face (quantizeFace)
 * @param options.nodeKeys the three nodes' X25519 custody keys, by party
 * @param options.nullifierKey the person's n (the package carries N = Poseidon(n) and shares of n)
 * @param options.nullifierCommitment N alone, for a capture made without n (recovery): no escrow
 * @param options.source the capture source's id and Ed25519 secret key (hex)
 * @param options.random the randomness (the platform's CSPRNG; seeded only in tests)
 */
export function createCustodyPackage(options: { templates: CaptureTemplates } & SealingOptions): CustodyPackage {
  const { templates } = options;
  const random = options.random ?? cryptoRandom;
  const shares =
    templates.modality === "iris"
      ? [shareTemplate(templates.left, random), shareTemplate(templates.right, random)]
      : [shareValues(faceTemplateValues(templates.face), random)];
  return sealPackage({ ...options, modality: templates.modality, shares, random });
}

/**
 * Seals template shares made elsewhere (a source with its own template pipeline) into a package.
 * @param options.modality what the shares are of
 * @param options.shares each template's three shares (two for irises: left, right; one face)
 * @see createCustodyPackage for the other options
 */
export function sealPackage(
  options: { modality: Modality; shares: readonly TemplateShares[] } & SealingOptions,
): CustodyPackage {
  const { modality, shares: shared, nodeKeys, source, nullifierKey } = options;
  const random = options.random ?? cryptoRandom;
  if (shared.length !== TEMPLATES_PER_PACKAGE[modality]) {
    throw new InputError(`a ${modality} package holds ${TEMPLATES_PER_PACKAGE[modality]} templates`);
  }
  if ((nullifierKey === undefined) === (options.nullifierCommitment === undefined)) {
    throw new InputError("a package needs the nullifier key n, or N alone for a recovery capture");
  }
  const n = String(nullifierKey === undefined ? options.nullifierCommitment : nullifierCommitmentOf(nullifierKey));
  const escrowShares = nullifierKey === undefined ? [] : splitNullifierKey(nullifierKey, random);
  const parts = PARTIES.map((party): CustodyPart => {
    const plaintext = new Uint8Array(shared.length * SHARE_BYTES);
    for (const [i, template] of shared.entries())
      plaintext.set(new Uint8Array(template[party].buffer), i * SHARE_BYTES);
    const key = nodeKeys[party];
    return { party, ...sealBox(plaintext, key, templateData(modality, party, bytesToHex(key), n), random) };
  });
  const escrow = escrowShares.map(({ party, value }): CustodyPart => {
    const key = nodeKeys[party];
    const bytes = hexToBytes(value.toString(16).padStart(64, "0"), "escrow share", 32);
    return { party, ...sealBox(bytes, key, escrowData(party, bytesToHex(key), n), random) };
  });
  const unsigned = { type: "pop.custodyPackage", version: 2, modality, nullifierCommitment: n, parts, escrow } as const;
  return signPackage(unsigned, source);
}

/**
 * Signs a package as its capture source (what sealPackage does last).
 * @param pkg the package; its source signature, if any, is replaced
 * @param source the source's id and Ed25519 secret key (hex)
 */
export function signPackage(
  pkg: Omit<CustodyPackage, "source"> & { source?: unknown },
  source: { id: string; signing: string },
): CustodyPackage {
  const { source: _, ...rest } = pkg;
  const digest = packageDigest({ ...rest, source: { id: source.id } });
  const signature = bytesToHex(ed25519.sign(digest, hexToBytes(source.signing, "source signing key", 32)));
  return { ...rest, source: { id: source.id, signature } };
}

/**
 * Checks that a registered capture source signed the package.
 * @param pkg the parsed package
 * @param sources the cluster file's sources
 * @returns the source
 * @throws CustodyError for an unknown source or a signature that does not verify
 */
export function verifyPackageSource(pkg: CustodyPackage, sources: readonly SourceInfo[]): SourceInfo {
  const source = sources.find((candidate) => candidate.id === pkg.source.id);
  if (source === undefined) {
    throw new CustodyError(`the package's source ${pkg.source.id} is not a registered capture source`);
  }
  let valid = false;
  try {
    valid = ed25519.verify(
      hexToBytes(pkg.source.signature, "signature", 64),
      packageDigest(pkg),
      hexToBytes(source.signingKey, "signingKey", 32),
    );
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new CustodyError(`the package's signature by source ${source.id} does not verify`);
  }
  return source;
}

/**
 * A node opens its template part: its shares of each template (left then right, or the face).
 * @throws CustodyError when the part is for another key, of another modality or N, or tampered
 */
export function openCustodyPart(pkg: CustodyPackage, party: Party, nodeSecret: Uint8Array): Uint16Array[] {
  const part = pkg.parts[party]!;
  const plaintext = openBox(
    part,
    nodeSecret,
    templateData(pkg.modality, party, part.nodeKey, pkg.nullifierCommitment),
    `custody part ${party}`,
  );
  return Array.from(
    { length: TEMPLATES_PER_PACKAGE[pkg.modality] },
    (_, i) => new Uint16Array(plaintext.slice(i * SHARE_BYTES, (i + 1) * SHARE_BYTES).buffer),
  );
}

/**
 * A node opens its escrow share of n.
 * @throws CustodyError when the part is for another key or N, or tampered
 */
export function openEscrowPart(pkg: CustodyPackage, party: Party, nodeSecret: Uint8Array): bigint {
  const part = pkg.escrow[party];
  if (part === undefined) throw new CustodyError("the package carries no escrow");
  const bytes = openBox(
    part,
    nodeSecret,
    escrowData(party, part.nodeKey, pkg.nullifierCommitment),
    `escrow part ${party}`,
  );
  const value = BigInt(`0x${bytesToHex(bytes)}`);
  if (value >= SNARK_SCALAR_FIELD) {
    throw new CustodyError(`escrow part ${party} is not a field element`);
  }
  return value;
}
