import { InputError } from "@pop/core/errors";
import { SNARK_SCALAR_FIELD } from "@pop/protocol/field";
import { TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { frame, unframe } from "./shardMessages.js";

/**
 * The coordinator's entry updates to a shard over the party's NATS (docs/uniqueness.md#past-one-machine):
 * a slot's N commitment and this party's shares (an enrolment being prepared, or every stored
 * entry when the node starts), or no shares (a removal, an aborted enrolment). The shard acks
 * each, so the coordinator knows its shards hold what its store holds before the next request.
 */

/** One slot's entry, or its removal (`shares` null). */
export type ShardUpdate = {
  readonly slot: number;
  readonly nullifierCommitment: string;
  readonly shares: readonly Uint16Array[] | null;
};

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/** Encodes an update. */
export function encodeUpdate(update: ShardUpdate): Uint8Array {
  const shares = update.shares ?? [];
  const body = new Uint8Array(shares.length * TEMPLATE_VALUES * 2);
  shares.forEach((share, i) => {
    if (share.length !== TEMPLATE_VALUES) throw new InputError(`an entry share has ${TEMPLATE_VALUES} values`);
    body.set(new Uint8Array(share.buffer, share.byteOffset, share.byteLength), i * TEMPLATE_VALUES * 2);
  });
  return frame({ slot: update.slot, nullifierCommitment: update.nullifierCommitment, galleries: shares.length }, body);
}

/** Decodes an update (a shard's side), strictly. */
export function decodeUpdate(data: Uint8Array): ShardUpdate {
  const { header, body } = unframe(data);
  const { slot, nullifierCommitment, galleries } = header;
  if (typeof slot !== "number" || !Number.isInteger(slot) || slot < 0 || slot > 100_000_000) {
    throw new InputError("an update's slot must be an integer from 0 to 100,000,000");
  }
  if (
    typeof galleries !== "number" ||
    ![0, 1, 2].includes(galleries) ||
    body.length !== galleries * TEMPLATE_VALUES * 2
  ) {
    throw new InputError("an update carries one share per gallery, or none to clear the slot");
  }
  if (
    typeof nullifierCommitment !== "string" ||
    (galleries > 0 && (!DECIMAL.test(nullifierCommitment) || BigInt(nullifierCommitment) >= SNARK_SCALAR_FIELD))
  ) {
    throw new InputError("an update's nullifierCommitment must be a decimal field element");
  }
  const copy = new Uint8Array(body); // a copy of its own (NATS hands Buffers from a shared pool)
  const shares =
    galleries === 0
      ? null
      : Array.from(
          { length: galleries },
          (_, i) => new Uint16Array(copy.buffer, i * TEMPLATE_VALUES * 2, TEMPLATE_VALUES),
        );
  return { slot, nullifierCommitment, shares };
}

/** A shard's reply to an update: done, or the error it met. */
export function encodeUpdateReply(error?: string): Uint8Array {
  return frame(error === undefined ? { ok: true } : { error }, new Uint8Array());
}

/**
 * Checks a shard's reply to an update (the coordinator's side).
 * @throws InputError with the shard's error
 */
export function checkUpdateReply(data: Uint8Array, shard: number): void {
  const { header } = unframe(data);
  if (header.ok !== true) {
    throw new InputError(`shard ${shard} did not take the update: ${String(header.error ?? "no answer")}`);
  }
}
