import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { expectObject, expectString, parseJson } from "@pop/core/json";
import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import { requestOverLink } from "@pop/uniqueness/cluster/tlsLink";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { NodeContext } from "./nodeContext.js";
import { pairwiseKey } from "./nodeKeys.js";
import { PeerError } from "./peerLink.js";

/**
 * Fresh correlated randomness per request (docs/uniqueness.md#operators-keys-and-links). The
 * pairwise PRF keys of a request are HKDF of the pair's static X25519 randomness secret, salted
 * with 32 fresh random bytes from each of the two nodes, exchanged over their mutually
 * authenticated TLS link (POST /v1/peer/randomness). The third node never sees a pair's
 * contributions, and a leaked static key alone no longer gives any request's randomness: the
 * contributions are gone when the process is (TLS 1.3's ephemeral keys protect them on the wire).
 */

/** Contributions kept at once (requests in flight × 2 peers, far above any real load). */
const MAX_ENTRIES = 4096;
const HEX32 = /^[0-9a-f]{64}$/;

/** This node's contribution and the peer's, per (request, peer). */
export class RandomnessBook {
  readonly #entries = new Map<string, { mine: Uint8Array; theirs: Uint8Array | undefined }>();
  readonly #ttlMs: number;

  /** @param ttlMs how long a request's contributions are kept */
  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  #entry(requestId: string, peer: Party) {
    const key = `${requestId}|${peer}`;
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      if (this.#entries.size >= MAX_ENTRIES) throw new PeerError("too many requests in flight");
      entry = { mine: randomBytes(32), theirs: undefined };
      this.#entries.set(key, entry);
      setTimeout(() => this.#entries.delete(key), this.#ttlMs).unref();
    }
    return entry;
  }

  /**
   * Records a peer's contribution and returns this node's (made on first use).
   * @throws PeerError when the peer already gave another one for this request (accepted once)
   */
  exchange(requestId: string, peer: Party, theirs: Uint8Array): Uint8Array {
    const entry = this.#entry(requestId, peer);
    if (entry.theirs !== undefined && bytesToHex(entry.theirs) !== bytesToHex(theirs)) {
      throw new PeerError(`node ${peer} already gave its randomness for ${requestId}`);
    }
    entry.theirs = theirs;
    return entry.mine;
  }

  /** This node's contribution for a request with a peer. */
  mine(requestId: string, peer: Party): Uint8Array {
    return this.#entry(requestId, peer).mine;
  }
}

function salted(context: NodeContext, peer: NodeInfo, requestId: string, theirs: Uint8Array): Uint8Array {
  const mine = context.randomness.exchange(requestId, peer.party, theirs);
  const [low, high] = context.party < peer.party ? [mine, theirs] : [theirs, mine];
  const salt = new Uint8Array(64);
  salt.set(low, 0);
  salt.set(high, 32);
  return pairwiseKey({ secrets: context.secrets, peer, purpose: "prf", context: requestId, salt });
}

async function keyWith(context: NodeContext, peer: NodeInfo, requestId: string): Promise<Uint8Array> {
  const mine = context.randomness.mine(requestId, peer.party);
  let answer: { status: number; body: Uint8Array };
  try {
    answer = await requestOverLink({
      agent: context.peerAgents.get(peer.party)!,
      url: peer.peerUrl,
      path: "/v1/peer/randomness",
      body: new TextEncoder().encode(JSON.stringify({ requestId, contribution: bytesToHex(mine) })),
      headers: { "content-type": "application/json" },
      limit: 1024,
    });
  } catch (error) {
    throw new PeerError(`node ${peer.party} at ${peer.peerUrl} is unreachable`, { cause: error });
  }
  const text = new TextDecoder().decode(answer.body);
  if (answer.status !== 200) {
    throw new PeerError(`node ${peer.party} refused the randomness exchange: ${text.slice(0, 200)}`);
  }
  const value = expectObject(parseJson(text, "randomness answer"), "randomness answer", ["contribution"]);
  const theirs = hexToBytes(expectString(value.contribution, "contribution", HEX32), "contribution", 32);
  return salted(context, peer, requestId, theirs);
}

/**
 * The request's pairwise PRF keys with the previous and the next node, after exchanging fresh
 * contributions with both (one round trip each, in parallel).
 * @param context the node
 * @param requestId the request
 * @returns the keys matchGroups takes
 * @throws PeerError when a peer is unreachable or refuses
 */
export async function randomnessKeys(
  context: NodeContext,
  requestId: string,
): Promise<{ prevKey: Uint8Array; nextKey: Uint8Array }> {
  const [prevKey, nextKey] = await Promise.all([
    keyWith(context, context.previous, requestId),
    keyWith(context, context.next, requestId),
  ]);
  return { prevKey, nextKey };
}
