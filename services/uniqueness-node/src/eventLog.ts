import { constants } from "node:fs";
import { open, readFile, truncate } from "node:fs/promises";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@pop/core/bytes";
import { expectInteger, expectObject, expectString } from "@pop/core/json";
import type { Modality } from "@pop/uniqueness/custody/package";
import { checkId } from "@pop/uniqueness/wire/ids";
import { checkDecimalField } from "./slotFiles.js";
import { StoreError } from "./slotStore.js";

/**
 * The node's event log (docs/uniqueness.md#ordered-and-concurrent): every change to a gallery,
 * one JSON line each, written and fsynced before the change is applied (write-ahead), so that
 * after a crash the node replays what it decided and nothing is lost or applied twice. The
 * hash chain over the events — head_k = sha256(head_{k−1} | kind | modality | slot | person |
 * request [| c]) — is what the three nodes compare before every request: equal heads mean equal
 * histories, not just equal counts. An enrolment's and a recovery's event carry the
 * authenticator commitment c the entry holds from then on, so nodes that disagree on a c (what
 * a consent to delete is checked against) have different heads.
 */

type EventFields = { modality: Modality; slot: number; personId: string; requestId: string };
/** One committed change: an enrolment or a recovery's rekey with the entry's c, or a removal. */
export type GalleryEvent =
  | ({ kind: "enroll" | "recover"; commitment: string } & EventFields)
  | ({ kind: "delete" } & EventFields);

const GENESIS = bytesToHex(sha256(new TextEncoder().encode("pop.uniqueness.events.v2")));
const KINDS: readonly string[] = ["enroll", "delete", "recover"];

/** The chain head after `event`. */
export function nextHead(head: string, event: GalleryEvent): string {
  const fields = [head, event.kind, event.modality, event.slot, event.personId, event.requestId];
  if (event.kind !== "delete") fields.push(event.commitment);
  return bytesToHex(sha256(new TextEncoder().encode(fields.join("|"))));
}

function parseEvent(value: unknown, name: string): GalleryEvent {
  const head = expectObject(value, name, ["kind"], ["modality", "slot", "personId", "requestId", "commitment"]);
  const kind = expectString(head.kind, `${name}.kind`);
  if (!KINDS.includes(kind)) throw new StoreError(`${name} is not an event`);
  const fields = ["kind", "modality", "slot", "personId", "requestId"];
  const object = expectObject(value, name, kind === "delete" ? fields : [...fields, "commitment"]);
  const modality = expectString(object.modality, `${name}.modality`);
  if (modality !== "iris" && modality !== "face") throw new StoreError(`${name} is not an event`);
  const event: EventFields = {
    modality,
    slot: expectInteger(object.slot, `${name}.slot`, 0, 0xffff_ffff),
    personId: checkId(object.personId, `${name}.personId`),
    requestId: checkId(object.requestId, `${name}.requestId`),
  };
  if (kind === "delete") return { kind, ...event };
  checkDecimalField(object.commitment as string, `${name}.commitment`);
  return { kind: kind as "enroll" | "recover", ...event, commitment: object.commitment as string };
}

const keyOf = (event: Pick<GalleryEvent, "kind" | "modality" | "requestId">) =>
  `${event.kind}|${event.modality}|${event.requestId}`;

/** The events of a data directory, and their chain. */
export class EventLog {
  readonly #path: string;
  readonly #events: GalleryEvent[];
  readonly #requests: Set<string>;
  #head: string;

  private constructor(path: string, events: GalleryEvent[]) {
    this.#path = path;
    this.#events = events;
    this.#requests = new Set(events.map(keyOf));
    this.#head = events.reduce(nextHead, GENESIS);
  }

  /**
   * Reads the log (an empty one when the file is absent). A torn last line (a crash while
   * appending, before the fsync returned) is dropped: its change was never applied.
   * @throws StoreError for a malformed line anywhere else
   */
  static async open(path: string): Promise<EventLog> {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const lines = text.split("\n");
    // The last piece is "" after a final newline, or a torn line: either way it is not an event.
    const complete = lines.slice(0, -1);
    const events = complete.map((line, i) => {
      try {
        return parseEvent(JSON.parse(line), `events line ${i + 1}`);
      } catch (error) {
        throw new StoreError(`${path} line ${i + 1} is not an event`, { cause: error });
      }
    });
    if (lines.at(-1) !== "") {
      // Cut the torn line, so the next event starts on a line of its own.
      await truncate(path, Buffer.byteLength(complete.map((line) => `${line}\n`).join("")));
    }
    return new EventLog(path, events);
  }

  /** The chain head (hex). */
  get head(): string {
    return this.#head;
  }

  /** Events so far. */
  get length(): number {
    return this.#events.length;
  }

  /** Whether a request's change of this kind to this gallery is in the log. */
  has(kind: GalleryEvent["kind"], modality: Modality, requestId: string): boolean {
    return this.#requests.has(keyOf({ kind, modality, requestId }));
  }

  /** All events, oldest first (a copy). */
  events(): GalleryEvent[] {
    return this.#events.slice();
  }

  /** Appends an event durably (fsync) and advances the head; an event already there is not written twice. */
  async append(event: GalleryEvent): Promise<void> {
    if (this.has(event.kind, event.modality, event.requestId)) return;
    const handle = await open(this.#path, constants.O_CREAT | constants.O_APPEND | constants.O_WRONLY, 0o600);
    try {
      await handle.write(`${JSON.stringify(event)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.#events.push(event);
    this.#requests.add(keyOf(event));
    this.#head = nextHead(this.#head, event);
  }
}
