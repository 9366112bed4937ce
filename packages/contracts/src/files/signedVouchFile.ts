import { InputError } from "@pop/core/errors";
import { expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { type Address, getAddress, type Hex } from "viem";
import type { SignedVouch } from "../actions/registry/types.js";
import { recoverVouchSigner } from "../actions/registry/vouchTypedData.js";
import { parseHumanityId } from "../humanityId.js";
import { ADDRESS } from "./chainFile.js";

/** The file `pop registry vouch --sign` writes and `pop registry advance --signed` reads. */
export type SignedVouchFile = {
  version: 1;
  type: "pop-signed-vouch";
  chainId: number;
  registry: Address;
  voucher: Address;
  claimer: Address;
  humanityId: Hex;
  expirationTimestamp: string;
  signature: Hex;
};

/** A vouch file read strictly: its fields typed, addresses checksummed. */
export type SignedVouchRecord = {
  chainId: number;
  registry: Address;
  voucher: Address;
  claimer: Address;
  humanityId: Hex;
  expirationTimestamp: bigint;
  signature: Hex;
};

/**
 * Reads a signed vouch file strictly (every field, no unknown ones).
 * @param value the parsed JSON
 * @returns the vouch
 */
export function parseSignedVouchFile(value: unknown): SignedVouchRecord {
  const doc = expectObject(value, "signed vouch", [
    "version",
    "type",
    "chainId",
    "registry",
    "voucher",
    "claimer",
    "humanityId",
    "expirationTimestamp",
    "signature",
  ]);
  expectLiteral(doc.version, "signed vouch version", 1);
  expectLiteral(doc.type, "signed vouch type", "pop-signed-vouch");
  const chainId = expectInteger(doc.chainId, "signed vouch chainId", 1, Number.MAX_SAFE_INTEGER);
  const [registry, voucher, claimer] = (["registry", "voucher", "claimer"] as const).map((field) => {
    const value = expectString(doc[field], `signed vouch ${field}`);
    if (!ADDRESS.test(value)) throw new InputError(`signed vouch ${field} must be a 0x-prefixed 20-byte address`);
    return getAddress(value);
  }) as [Address, Address, Address];
  const humanityId = parseHumanityId(expectString(doc.humanityId, "signed vouch humanityId"));
  const expiration = expectString(doc.expirationTimestamp, "signed vouch expirationTimestamp");
  if (!/^[1-9][0-9]{0,15}$/.test(expiration)) {
    throw new InputError("signed vouch expirationTimestamp must be decimal Unix seconds");
  }
  const signature = expectString(doc.signature, "signed vouch signature");
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw new InputError("signed vouch signature must be 65 bytes of hex");
  return {
    chainId,
    registry,
    voucher,
    claimer,
    humanityId,
    expirationTimestamp: BigInt(expiration),
    signature: signature as Hex,
  };
}

/**
 * The file document of a signed vouch.
 * @param record the vouch
 */
export function signedVouchFile(record: SignedVouchRecord): SignedVouchFile {
  return {
    version: 1,
    type: "pop-signed-vouch",
    chainId: record.chainId,
    registry: record.registry,
    voucher: record.voucher,
    claimer: record.claimer,
    humanityId: record.humanityId,
    expirationTimestamp: record.expirationTimestamp.toString(),
    signature: record.signature,
  };
}

/**
 * Checks what the registry would otherwise skip silently: the vouch is for this chain, registry
 * and claimer, has not expired, and is signed by the voucher it names.
 * @param vouch the vouch read from its file
 * @param expected the chain, registry and claimer of the claim, and the chain's time
 * @param name the file's name, in messages
 * @returns the vouch as advanceState takes it, and its voucher
 * @throws InputError naming what does not match
 */
export async function checkSignedVouch(
  vouch: SignedVouchRecord,
  expected: { chainId: number; registry: Address; claimer: Address; now: bigint },
  name: string,
): Promise<SignedVouch & { voucher: Address }> {
  const { chainId, registry, claimer, voucher, humanityId, expirationTimestamp, signature } = vouch;
  if (chainId !== expected.chainId || registry !== getAddress(expected.registry)) {
    throw new InputError(`${name} is a vouch for registry ${registry} on chain ${chainId}, not this registry`);
  }
  if (claimer !== getAddress(expected.claimer)) throw new InputError(`${name} vouches for ${claimer}, not the claimer`);
  if (expirationTimestamp <= expected.now) throw new InputError(`${name} expired at ${expirationTimestamp}`);
  const signer = await recoverVouchSigner({ registry, chainId, claimer, humanityId, expirationTimestamp, signature });
  if (signer !== voucher) throw new InputError(`${name}: the signature is not ${voucher}'s vouch for this claim`);
  return { expirationTimestamp, signature, voucher };
}
