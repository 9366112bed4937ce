import { utf8ToBytes } from "@noble/hashes/utils.js";
import { InputError } from "@pop/core/errors";
import { hashToField, textToField } from "./hashToField.js";

/**
 * Scopes bound to their app (docs/architecture.md, decision 10): `scope = scopeOf(appId,
 * action)`. An on-chain consumer's app id is derived from (chain id, contract address) — the
 * verifier contract computes it from block.chainid and msg.sender, so a proof made for one
 * consumer or chain is useless at another, and nullifiers do not link across apps. An off-chain
 * app's id is derived from its name. The two derivations carry different domain tags, so no
 * name can collide with a contract. PopScope.sol computes the same values.
 */

const CONTRACT_TAG = utf8ToBytes("pop.app.contract");
const TEXT_TAG = utf8ToBytes("pop.app.text:");
const CAIP10 = /^eip155:([1-9][0-9]{0,15}):(0x[0-9a-fA-F]{40})$/;

function uint256(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  let rest = value;
  for (let i = 31; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The app id of an on-chain consumer: hashToField("pop.app.contract" ‖ uint256 chainId ‖
 * address), as `abi.encodePacked` lays it out.
 * @param params.chainId the consumer's chain
 * @param params.contract the consumer contract's address
 * @returns the app id (a field element)
 */
export function contractAppId(params: { chainId: number | bigint; contract: string }): bigint {
  if (!/^0x[0-9a-fA-F]{40}$/.test(params.contract)) {
    throw new InputError("contract must be a 0x-prefixed 20-byte address");
  }
  const address = Uint8Array.from(params.contract.slice(2).match(/../g)!, (byte) => Number.parseInt(byte, 16));
  return hashToField(concat(CONTRACT_TAG, uint256(BigInt(params.chainId)), address));
}

/**
 * The app id of an off-chain app: hashToField("pop.app.text:" ‖ name).
 * @param name the app's name (non-empty)
 * @returns the app id
 */
export function textAppId(name: string): bigint {
  if (name.length === 0) throw new InputError("an app id must not be empty");
  return hashToField(concat(TEXT_TAG, utf8ToBytes(name)));
}

/**
 * Parses an app id as the CLI takes it: a CAIP-10 account `eip155:<chainId>:<0x address>` is an
 * on-chain consumer; any other non-empty text is an off-chain app's name.
 * @param text the app id text
 * @returns the app id
 */
export function parseAppId(text: string): bigint {
  const match = CAIP10.exec(text);
  return match === null ? textAppId(text) : contractAppId({ chainId: BigInt(match[1]!), contract: match[2]! });
}

/**
 * The scope of an action in an app: hashToField(uint256 appId ‖ uint256 action), where the
 * action is textToField of its text.
 * @param params.appId the app id (contractAppId or textAppId)
 * @param params.action the action's text (a poll, an airdrop)
 * @returns the scope (a field element)
 * @example scopeOf({ appId: textAppId("my-forum"), action: "vote-2027" })
 */
export function scopeOf(params: { appId: bigint; action: string }): bigint {
  return scopeOfField({ appId: params.appId, action: textToField(params.action) });
}

/**
 * scopeOf with the action already a field element (as contracts pass it).
 * @param params.appId the app id
 * @param params.action textToField of the action's text
 */
export function scopeOfField(params: { appId: bigint; action: bigint }): bigint {
  return hashToField(concat(uint256(params.appId), uint256(params.action)));
}

/** How a scope is named: a raw scope text (hashed as it is), or an app and an action in it. */
export type ScopeSpec = { scope: string } | { app: string; action: string };

/**
 * The scope field element a spec names: textToField of a raw scope text, or scopeOf the action
 * in the app (parseAppId).
 * @param spec the scope text, or the app and the action
 * @returns the scope
 */
export function scopeOfSpec(spec: ScopeSpec): bigint {
  return "scope" in spec ? textToField(spec.scope) : scopeOf({ appId: parseAppId(spec.app), action: spec.action });
}
