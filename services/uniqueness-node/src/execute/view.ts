import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import type { MpcContext } from "@pop/uniqueness/mpc/booleanShares";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { PeerError } from "../peerLink.js";
import type { ExecutionContext } from "./types.js";

/**
 * The first two rounds of every request: each node sends its view (the chain head of its event
 * log, the compared and free slots of the request's gallery, whether it knows the request's
 * person) around the ring, so each sees all three. Equal heads mean equal histories; a node that
 * differs (it is settling after a crash) makes the request fail on all three, before any MPC.
 */

/** What the three nodes agreed on. */
export type AgreedView = { comparedSlots: number; freeSlot: number; personKnown: boolean };

const VIEW_BYTES = 32 + 4 + 4 + 1;

function encodeView(head: string, comparedSlots: number, freeSlot: number, personKnown: boolean): Uint8Array {
  const bytes = new Uint8Array(VIEW_BYTES);
  bytes.set(hexToBytes(head, "head", 32), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(32, comparedSlots, true);
  view.setUint32(36, freeSlot, true);
  bytes[40] = personKnown ? 1 : 0;
  return bytes;
}

function decodeView(bytes: Uint8Array) {
  if (bytes.length !== VIEW_BYTES) throw new PeerError("a peer's view has the wrong length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return {
    head: bytesToHex(bytes.subarray(0, 32)),
    comparedSlots: view.getUint32(32, true),
    freeSlot: view.getUint32(36, true),
    personKnown: bytes[40] === 1,
  };
}

/**
 * Exchanges views and checks that they agree.
 * @throws PeerError when the nodes' histories or galleries differ
 */
export async function agreeOnView(
  context: ExecutionContext,
  channel: PartyChannel,
  local: { comparedSlots: number; freeSlot: number; personKnown: boolean },
): Promise<AgreedView> {
  const mine = encodeView(context.events.head, local.comparedSlots, local.freeSlot, local.personKnown);
  const fromNext = await channel.exchange(mine);
  const fromFar = await channel.exchange(fromNext.slice());
  const views = [mine, fromNext, fromFar].map(decodeView);
  const [own] = views as [ReturnType<typeof decodeView>];
  if (views.some((view) => view.head !== own.head)) {
    throw new PeerError("the nodes' event histories differ (a node is settling): try again");
  }
  if (views.some((view) => view.comparedSlots !== own.comparedSlots || view.freeSlot !== own.freeSlot)) {
    throw new PeerError("the nodes' galleries differ (a node is settling): try again");
  }
  return {
    comparedSlots: own.comparedSlots,
    freeSlot: own.freeSlot,
    personKnown: views.some((view) => view.personKnown),
  };
}

/**
 * An MPC context for one part of a request: its own 12-byte nonce, so that no two engines of a
 * request ever draw the same key stream.
 */
export function mpcContextFor(
  context: ExecutionContext,
  channel: PartyChannel,
  keys: { prevKey: Uint8Array; nextKey: Uint8Array },
  requestId: string,
  purpose: string,
): MpcContext {
  const nonce = sha256(new TextEncoder().encode(`pop.nonce|${requestId}|${purpose}`)).slice(0, 12);
  return { party: context.party, channel, ...keys, nonce };
}
