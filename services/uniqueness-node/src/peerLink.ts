import type { IncomingMessage } from "node:http";
import { PopError } from "@pop/core/errors";
import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { RequestRefused } from "./http.js";
import type { NodeContext } from "./nodeContext.js";
import { callerFingerprint } from "./tls.js";

/**
 * Messages between nodes: raw bytes over POST /v1/peer on the receiver's peer port, with the
 * request id and round in headers. The link is TLS 1.3 with both ends' certificates pinned
 * (tls.ts), so the sender is the peer whose certificate opened the connection and the bytes
 * are its own: no per-message MAC (docs/uniqueness.md#operators-keys-and-links). A message is
 * accepted once per round: a replayed or misaddressed one is refused.
 */

/** Raised when a peer does not answer in time or sends something wrong. */
export class PeerError extends PopError {}

/** Bytes a round may carry per comparison: the widest round (bit decomposition of d and h) sends 28 bit planes, 3.5 bytes. */
const BYTES_PER_COMPARISON = 4;
/** Comparisons per gallery entry: the iris rotations −15..15. */
const COMPARISONS_PER_ENTRY = 31;

/**
 * The most a peer message may carry with this node's galleries (docs/uniqueness.md#the-nodes):
 * the widest round for the larger gallery, two entries more (an enrolment committing
 * elsewhere), and 64 KiB. A sender is authenticated before any of its body is read.
 * @param context the node
 * @returns the cap in bytes
 */
export function peerBodyLimit(context: NodeContext): number {
  const entries = Math.max(context.stores.iris.comparedSlots, context.stores.face.comparedSlots) + 2;
  return 65_536 + entries * COMPARISONS_PER_ENTRY * BYTES_PER_COMPARISON;
}

/**
 * The peer calling this node's peer port, by the certificate that opened the connection.
 * @param context the node
 * @param request the request
 * @returns the peer
 * @throws RequestRefused 403 for any other caller (the port's handshake already refuses them)
 */
export function authenticatePeer(context: NodeContext, request: IncomingMessage): NodeInfo {
  const fingerprint = callerFingerprint(request);
  const peer = fingerprint === undefined ? undefined : context.peers.get(fingerprint);
  if (peer === undefined) {
    throw new RequestRefused(403, "not a peer node of this cluster");
  }
  return peer;
}

/** One request's inbox: messages from the next party, by round. */
export class PeerInbox {
  readonly #messages = new Map<number, Uint8Array>();
  readonly #waiters = new Map<number, { resolve: (data: Uint8Array) => void; reject: (error: Error) => void }>();
  readonly #seen = new Set<number>();
  #failure: Error | undefined;

  /** Accepts a message; false when that round was already received (a replay). */
  deliver(round: number, payload: Uint8Array): boolean {
    if (this.#seen.has(round)) {
      return false;
    }
    this.#seen.add(round);
    const waiter = this.#waiters.get(round);
    if (waiter !== undefined) {
      this.#waiters.delete(round);
      waiter.resolve(payload);
    } else {
      this.#messages.set(round, payload);
    }
    return true;
  }

  /** The message of `round`, waiting at most `timeoutMs`. */
  receive(round: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.#failure !== undefined) {
      return Promise.reject(this.#failure);
    }
    const ready = this.#messages.get(round);
    if (ready !== undefined) {
      this.#messages.delete(round);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(round);
        reject(new PeerError(`the next node sent nothing for round ${round} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.set(round, {
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Fails every wait, now and later. */
  fail(error: Error): void {
    this.#failure = error;
    for (const waiter of this.#waiters.values()) {
      waiter.reject(error);
    }
    this.#waiters.clear();
  }
}

/**
 * The channel of one request: round k sends to the previous node and waits for the next's.
 * @param options.send posts one message to the previous node
 */
export function peerChannel(options: {
  inbox: PeerInbox;
  send: (round: number, payload: Uint8Array) => Promise<void>;
  timeoutMs: number;
}): PartyChannel & { readonly rounds: number } {
  let round = 0;
  return {
    get rounds() {
      return round;
    },
    async exchange(data: Uint8Array): Promise<Uint8Array> {
      const current = round++;
      const [, received] = await Promise.all([
        options.send(current, data),
        options.inbox.receive(current, options.timeoutMs),
      ]);
      return received;
    },
  };
}
