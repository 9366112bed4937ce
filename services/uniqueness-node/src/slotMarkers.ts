import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { expectInteger, expectObject } from "@pop/core/json";
import { checkId } from "@pop/uniqueness/wire/ids";
import type { PendingRekey, PendingRemoval } from "./galleryStore.js";
import { checkDecimalField, MAX_SLOTS, StoreError, syncDirectory, writeDurably } from "./slotFiles.js";

/**
 * The markers of a store's open changes (docs/uniqueness.md#storage): one small JSON file per
 * prepared removal (removing/) or rekey (rekeying/), named by its request id, written durably in
 * phase 1 and removed when the change is committed or aborted.
 */

const MARKER_FILE = /^([0-9a-f]{32})\.json$/;

/** A folder of markers, loaded when the store opens and kept in memory beside the files. */
export class MarkerFolder<T extends PendingRemoval> {
  readonly #path: string;
  readonly #markers = new Map<string, T>();

  private constructor(path: string) {
    this.#path = path;
  }

  /**
   * Opens (creating if needed) `dir/folder` and reads every marker.
   * @param read checks one marker's fields and returns it
   * @throws StoreError for a stray file or a marker that is malformed or misnamed
   */
  static async open<T extends PendingRemoval>(
    dir: string,
    folder: string,
    what: string,
    read: (value: unknown, name: string) => T,
  ): Promise<MarkerFolder<T>> {
    const markers = new MarkerFolder<T>(join(dir, folder));
    await mkdir(markers.#path, { recursive: true, mode: 0o700 });
    for (const name of await readdir(markers.#path)) {
      const match = MARKER_FILE.exec(name);
      if (match === null) throw new StoreError(`${folder}/${name} is not a ${what}`);
      let marker: T;
      try {
        marker = read(JSON.parse(await readFile(join(markers.#path, name), "utf8")), name);
      } catch (error) {
        throw new StoreError(`${folder}/${name} is not a ${what}`, { cause: error });
      }
      if (marker.requestId !== match[1]) throw new StoreError(`${folder}/${name} does not match its name`);
      markers.#markers.set(marker.requestId, marker);
    }
    return markers;
  }

  /** The markers, in the order they were read or added. */
  list(): T[] {
    return [...this.#markers.values()];
  }

  /** A request's marker, if any. */
  get(requestId: string): T | undefined {
    return this.#markers.get(requestId);
  }

  /** Writes a marker durably. */
  async add(marker: T): Promise<void> {
    const text = new TextEncoder().encode(JSON.stringify(marker));
    await writeDurably(this.#path, `${marker.requestId}.json`, text);
    this.#markers.set(marker.requestId, marker);
  }

  /** Removes a request's marker durably (nothing when there is none). */
  async remove(requestId: string): Promise<void> {
    if (!this.#markers.has(requestId)) return;
    await rm(join(this.#path, `${requestId}.json`), { force: true });
    await syncDirectory(this.#path);
    this.#markers.delete(requestId);
  }
}

/** Reads a removal marker's fields. */
export function readRemoval(value: unknown, name: string): PendingRemoval {
  const object = expectObject(value, name, ["requestId", "personId", "slot"]);
  return {
    requestId: checkId(object.requestId, "requestId"),
    personId: checkId(object.personId, "personId"),
    slot: expectInteger(object.slot, "slot", 0, MAX_SLOTS - 1),
  };
}

/** Reads a rekey marker's fields. */
export function readRekey(value: unknown, name: string): PendingRekey {
  const { commitment, ...removal } = expectObject(value, name, ["requestId", "personId", "slot", "commitment"]);
  checkDecimalField(commitment as string, "commitment");
  return { ...readRemoval(removal, name), commitment: commitment as string };
}
