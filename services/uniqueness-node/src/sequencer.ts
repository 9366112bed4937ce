import { PopError } from "@pop/core/errors";
import { expectInteger, expectObject, expectString } from "@pop/core/json";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { checkId } from "@pop/uniqueness/wire/ids";

/**
 * The order in which the three nodes run requests (docs/uniqueness.md#ordered-and-concurrent).
 * Node 0 sequences: every node that receives a client's request (authenticated, read, its own
 * part opened) tells node 0 `have` with the request's digest, or `refuse` with why. Node 0 gives
 * the request the next sequence number only when all three hold the same request, tells the two
 * others `order` (one at a time, each acknowledged, so they arrive in order), and then every node
 * runs requests strictly by sequence number. A request one node lacks, or a package one node
 * cannot open, is dropped at once for everyone (`drop`): it costs that request, and never stalls
 * the queue. Concurrent requests from any number of issuers wait their turn; none is refused
 * for being concurrent.
 */

/** A control message between nodes (POST /v1/peer/order). */
export type ControlMessage =
  | { type: "have"; requestId: string; digest: string }
  | { type: "refuse"; requestId: string; reason: string }
  | { type: "order"; requestId: string; digest: string; seq: number }
  | { type: "drop"; requestId: string; reason: string };

/** Raised when a request was dropped before its turn (the reason says why). */
export class RequestDropped extends PopError {}

const DIGEST = /^[0-9a-f]{64}$/;
const REASON = /^[\x20-\x7e]{1,300}$/;

/**
 * Reads a control message strictly.
 * @throws InputError naming the bad field
 */
export function parseControl(value: unknown, name: string): ControlMessage {
  const head = expectObject(value, name, ["type", "requestId"], ["digest", "seq", "reason"]);
  const requestId = checkId(head.requestId, `${name}.requestId`);
  switch (head.type) {
    case "have":
      expectObject(value, name, ["type", "requestId", "digest"]);
      return { type: "have", requestId, digest: expectString(head.digest, `${name}.digest`, DIGEST) };
    case "order":
      expectObject(value, name, ["type", "requestId", "digest", "seq"]);
      return {
        type: "order",
        requestId,
        digest: expectString(head.digest, `${name}.digest`, DIGEST),
        seq: expectInteger(head.seq, `${name}.seq`, 1, Number.MAX_SAFE_INTEGER),
      };
    case "refuse":
    case "drop":
      expectObject(value, name, ["type", "requestId", "reason"]);
      return { type: head.type, requestId, reason: expectString(head.reason, `${name}.reason`, REASON) };
    default:
      throw new RequestDropped(`${name}.type is not a control message`);
  }
}

/** What the sequencer needs from its node. */
export type SequencerOptions = {
  party: Party;
  /** The last sequence number this node saw (from its request log), 0 for none. */
  lastSeq: number;
  /** Sends a message to a peer; rejects when it is not delivered. */
  send: (to: Party, message: ControlMessage) => Promise<void>;
  /** Records an ordered request durably before it is run (the request log). */
  record: (seq: number, requestId: string, digest: string) => Promise<void>;
  /** How long node 0 waits for all three `have`s, and a node for its request's order. */
  timeoutMs: number;
};

type Waiting = {
  digest: string;
  resolve: (seq: number) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

/** One node's side of the sequencing. */
export class Sequencer {
  readonly #options: SequencerOptions;
  readonly #waiting = new Map<string, Waiting>();
  /** Node 0 only: the digests heard per request. */
  readonly #heard = new Map<string, Map<Party, string>>();
  #lastSeq: number;
  /** Node 0 only: orders go out one at a time. */
  #ordering: Promise<void> = Promise.resolve();

  constructor(options: SequencerOptions) {
    this.#options = options;
    this.#lastSeq = options.lastSeq;
  }

  /** The last sequence number given or received. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * This node holds a request: waits for its sequence number.
   * @returns the sequence number
   * @throws RequestDropped when it is dropped (another node lacks it or refused it) or times out
   */
  submit(requestId: string, digest: string): Promise<number> {
    const { party, timeoutMs } = this.#options;
    if (this.#waiting.has(requestId)) return Promise.reject(new RequestDropped("the request is already waiting"));
    const turn = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => this.#finish(requestId, new RequestDropped("the request was not ordered in time (is node 0 up?)")),
        // Node 0's own "not every node received it" comes first, after timeoutMs.
        2 * timeoutMs,
      );
      timer.unref();
      this.#waiting.set(requestId, { digest, resolve, reject, timer });
    });
    if (party === 0) {
      this.#hear(0, requestId, digest);
    } else {
      this.#options.send(0, { type: "have", requestId, digest }).catch(() => {
        this.#finish(requestId, new RequestDropped("node 0 is unreachable: the request cannot be ordered"));
      });
    }
    return turn;
  }

  /**
   * This node cannot take part in a request (its part does not open, or the body is bad): node 0
   * drops it for everyone.
   */
  refuse(requestId: string, reason: string): void {
    if (this.#options.party === 0) {
      void this.#drop(requestId, `node 0 refused it: ${reason}`);
    } else {
      this.#options.send(0, { type: "refuse", requestId, reason: reason.slice(0, 300) }).catch(() => {});
    }
  }

  /** A control message from a peer (the link already authenticated `from`). */
  async receive(from: Party, message: ControlMessage): Promise<void> {
    const { party } = this.#options;
    if (party === 0 && message.type === "have") return this.#hear(from, message.requestId, message.digest);
    if (party === 0 && message.type === "refuse") {
      return this.#drop(message.requestId, `node ${from} refused it: ${message.reason}`);
    }
    if (from !== 0 || party === 0) throw new RequestDropped(`node ${from} may not send ${message.type}`);
    if (message.type === "drop") {
      this.#finish(message.requestId, new RequestDropped(message.reason));
      return;
    }
    if (message.type !== "order") throw new RequestDropped(`node 0 may not send ${message.type}`);
    const waiting = this.#waiting.get(message.requestId);
    if (waiting === undefined || waiting.digest !== message.digest || message.seq <= this.#lastSeq) {
      throw new RequestDropped(`order ${message.seq} is for a request this node does not hold`);
    }
    this.#lastSeq = message.seq;
    await this.#options.record(message.seq, message.requestId, message.digest);
    this.#finish(message.requestId, message.seq);
  }

  #finish(requestId: string, outcome: number | Error): void {
    const waiting = this.#waiting.get(requestId);
    this.#heard.delete(requestId);
    if (waiting === undefined) return;
    this.#waiting.delete(requestId);
    clearTimeout(waiting.timer);
    if (typeof outcome === "number") waiting.resolve(outcome);
    else waiting.reject(outcome);
  }

  #hear(from: Party, requestId: string, digest: string): void {
    let heard = this.#heard.get(requestId);
    if (heard === undefined) {
      heard = new Map();
      this.#heard.set(requestId, heard);
      // A `have` from a peer may come first; give up on it if the rest never do.
      setTimeout(() => {
        if (this.#heard.has(requestId)) void this.#drop(requestId, "not every node received the request in time");
      }, this.#options.timeoutMs).unref();
    }
    heard.set(from, digest);
    if (heard.size < 3) return;
    this.#heard.delete(requestId);
    if (new Set(heard.values()).size !== 1) {
      void this.#drop(requestId, "the nodes received different requests under one id");
      return;
    }
    this.#ordering = this.#ordering.then(() => this.#order(requestId, digest));
  }

  async #order(requestId: string, digest: string): Promise<void> {
    if (!this.#waiting.has(requestId)) return; // dropped meanwhile
    const seq = this.#lastSeq + 1;
    this.#lastSeq = seq;
    await this.#options.record(seq, requestId, digest);
    try {
      for (const to of [1, 2] as const) await this.#options.send(to, { type: "order", requestId, digest, seq });
    } catch {
      await this.#drop(requestId, "a node could not be told the request's turn");
      return;
    }
    this.#finish(requestId, seq);
  }

  async #drop(requestId: string, reason: string): Promise<void> {
    this.#heard.delete(requestId);
    this.#finish(requestId, new RequestDropped(reason));
    await Promise.allSettled(
      ([1, 2] as const).map((to) => this.#options.send(to, { type: "drop", requestId, reason })),
    );
  }
}
