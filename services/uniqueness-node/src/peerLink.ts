import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@pop/core/bytes";
import { PopError } from "@pop/core/errors";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import type { Party } from "@pop/uniqueness/mpc/templateShares";

/**
 * Messages between nodes: raw bytes over HTTP POST /v1/peer, with the request id, sender,
 * round and an HMAC-SHA256 (pairwise key) in headers. A message is accepted once: a replayed,
 * tampered or misaddressed one is refused, and so is one for a request that is not running.
 */

/** Raised when a peer does not answer in time or sends something wrong. */
export class PeerError extends PopError {}

/** The most a peer message may carry (an AND round over a 100,000-person gallery is ~11 MB). */
export const MAX_PEER_BYTES = 64 * 1024 * 1024;

/** The MAC over one message. */
export function peerMac(options: {
  key: Uint8Array;
  requestId: string;
  from: Party;
  to: Party;
  round: number;
  payload: Uint8Array;
}): string {
  const header = new TextEncoder().encode(
    `pop.peer.v1|${options.requestId}|${options.from}|${options.to}|${options.round}|${bytesToHex(sha256(options.payload))}`,
  );
  return bytesToHex(hmac(sha256, options.key, header));
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
