import { InputError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { SNARK_SCALAR_FIELD } from "@pop/protocol/field";
import type { Party } from "../mpc/templateShares.js";
import {
  type CustodyPackage,
  type CustodyPart,
  ESCROW_BYTES,
  MODALITIES,
  type Modality,
  SHARE_BYTES,
  TEMPLATES_PER_PACKAGE,
} from "./package.js";

/**
 * Reading a custody package (docs/uniqueness.md#the-custody-package) strictly, as a node or a
 * client receives it: every field's form and length; the signature is checked against the
 * cluster's sources by verifyPackageSource, the parts by the node that opens them.
 */

const HEX32 = /^[0-9a-f]{64}$/;
const HEX24 = /^[0-9a-f]{48}$/;
const HEX64 = /^[0-9a-f]{128}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;
const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const base64Length = (bytes: number) => Math.ceil((bytes + 16) / 3) * 4;

function parseParts(value: unknown, name: string, bytes: number, optional = false): CustodyPart[] {
  const items = expectArray(value, name);
  if (items.length !== 3 && !(optional && items.length === 0)) {
    throw new InputError(`${name} must have ${optional ? "0 or 3" : "3"} items`);
  }
  return items.map((item, i): CustodyPart => {
    const at = `${name}[${i}]`;
    const part = expectObject(item, at, ["party", "nodeKey", "ephemeralKey", "nonce", "ciphertext"]);
    const ciphertext = expectString(part.ciphertext, `${at}.ciphertext`, BASE64);
    if (ciphertext.length !== base64Length(bytes)) {
      throw new InputError(`${at}.ciphertext has the wrong length`);
    }
    return {
      party: expectInteger(part.party, `${at}.party`, i, i) as Party,
      nodeKey: expectString(part.nodeKey, `${at}.nodeKey`, HEX32),
      ephemeralKey: expectString(part.ephemeralKey, `${at}.ephemeralKey`, HEX32),
      nonce: expectString(part.nonce, `${at}.nonce`, HEX24),
      ciphertext,
    };
  });
}

/**
 * Reads a custody package strictly: version 2, a modality, N a field element, three template
 * parts and three escrow parts for parties 0, 1 and 2 in order with the right lengths, a source
 * id and a well-formed signature (checked against the cluster by verifyPackageSource).
 * @throws InputError naming the bad field (a version 1 package is refused with the reason)
 */
export function parseCustodyPackage(value: unknown, name: string): CustodyPackage {
  const head = expectObject(
    value,
    name,
    ["type", "version"],
    ["modality", "nullifierCommitment", "parts", "escrow", "source"],
  );
  expectLiteral(head.type, `${name}.type`, "pop.custodyPackage");
  if (head.version === 1) {
    throw new InputError(
      `${name} is a version 1 package (no N, no escrow, not signed by a capture source): make a new one with pop uniqueness package`,
    );
  }
  const object = expectObject(value, name, [
    "type",
    "version",
    "modality",
    "nullifierCommitment",
    "parts",
    "escrow",
    "source",
  ]);
  expectLiteral(object.version, `${name}.version`, 2);
  if (!MODALITIES.includes(object.modality as Modality)) {
    throw new InputError(`${name}.modality must be one of ${MODALITIES.join(", ")}`);
  }
  const modality = object.modality as Modality;
  const n = expectString(object.nullifierCommitment, `${name}.nullifierCommitment`, DECIMAL);
  if (BigInt(n) >= SNARK_SCALAR_FIELD) {
    throw new InputError(`${name}.nullifierCommitment must be below the BN254 scalar field order`);
  }
  const source = expectObject(object.source, `${name}.source`, ["id", "signature"]);
  return {
    type: "pop.custodyPackage",
    version: 2,
    modality,
    nullifierCommitment: n,
    parts: parseParts(object.parts, `${name}.parts`, TEMPLATES_PER_PACKAGE[modality] * SHARE_BYTES),
    escrow: parseParts(object.escrow, `${name}.escrow`, ESCROW_BYTES, true),
    source: {
      id: expectString(source.id, `${name}.source.id`, SOURCE_ID),
      signature: expectString(source.signature, `${name}.source.signature`, HEX64),
    },
  };
}
