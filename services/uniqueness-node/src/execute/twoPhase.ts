import type { Modality } from "@pop/uniqueness/custody/package";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import type { EntryRecord, GalleryStore } from "../galleryStore.js";
import { PeerError } from "../peerLink.js";
import type { ExecutionContext } from "./types.js";

/**
 * Enrolment, removal and a recovery's rekey in two phases (docs/uniqueness.md#ordered-and-concurrent). Each node
 * prepares durably, then learns over two ring rounds whether all three did. Only then does it
 * write the change to its event log (write-ahead, fsynced) and apply it; a node that crashes or
 * loses a peer in between settles with its peers when it is back (settlement.ts): the event log
 * says what it decided, a peer's log what the others did.
 */

/** Whether all three nodes prepared: this node's bit, and the AND it learns from the ring. */
async function allPrepared(channel: PartyChannel, prepared: boolean): Promise<boolean> {
  const mine = prepared ? 1 : 0;
  const next = (await channel.exchange(new Uint8Array([mine])))[0]!;
  const far = (await channel.exchange(new Uint8Array([mine & next])))[0]!;
  return (mine & next & far) === 1;
}

/**
 * Stores a new entry on all three nodes, or on none.
 * @throws PeerError when a node could not prepare (nothing is stored)
 */
export async function enrollInTwoPhases(
  context: ExecutionContext,
  channel: PartyChannel,
  store: GalleryStore,
  record: EntryRecord,
): Promise<void> {
  const { requestId } = record;
  let prepared = true;
  try {
    await store.prepare(record);
  } catch (error) {
    context.log(`enroll ${requestId}: prepare failed (${(error as Error).message})`);
    prepared = false;
  }
  await context.faults.at?.("enroll:prepared", requestId);
  if (!(await allPrepared(channel, prepared))) {
    await store.abort(requestId);
    throw new PeerError("a node could not prepare the enrolment; nothing was stored");
  }
  await context.faults.at?.("enroll:committing", requestId);
  await context.events.append({
    kind: "enroll",
    modality: store.modality,
    slot: record.slot,
    personId: record.personId,
    requestId,
    commitment: record.commitment,
  });
  await context.faults.at?.("enroll:written", requestId);
  await store.commit(requestId);
  await context.faults.at?.("enroll:committed", requestId);
}

/**
 * Removes a person from every gallery on all three nodes, or from none.
 * @throws PeerError when a node could not prepare (nothing is removed)
 */
export async function deleteInTwoPhases(
  context: ExecutionContext,
  channel: PartyChannel,
  requestId: string,
  personId: string,
): Promise<void> {
  const stores = Object.values(context.stores);
  let prepared = true;
  const marked: GalleryStore[] = [];
  try {
    for (const store of stores) {
      if (await store.prepareRemoval(requestId, personId)) marked.push(store);
    }
  } catch (error) {
    context.log(`delete ${requestId}: prepare failed (${(error as Error).message})`);
    prepared = false;
  }
  await context.faults.at?.("delete:prepared", requestId);
  if (!(await allPrepared(channel, prepared && marked.length > 0))) {
    for (const store of marked) await store.abortRemoval(requestId);
    throw new PeerError("a node could not prepare the removal; nothing was removed");
  }
  await context.faults.at?.("delete:committing", requestId);
  for (const store of marked) {
    const removal = store.pendingRemovals().find((pending) => pending.requestId === requestId)!;
    await context.events.append({
      kind: "delete",
      modality: store.modality as Modality,
      slot: removal.slot,
      personId,
      requestId,
    });
    await context.faults.at?.("delete:written", requestId);
    await store.commitRemoval(requestId);
  }
  await context.faults.at?.("delete:committed", requestId);
}

/**
 * Replaces the authenticator commitment c of a person's entries (in every gallery that holds
 * them) with a recovery's new one, on all three nodes or on none: from then on only the new
 * authenticator consents to a delete (docs/uniqueness.md#escrow-and-recovery).
 * @throws PeerError when a node could not prepare (every entry keeps its c)
 */
export async function rekeyInTwoPhases(
  context: ExecutionContext,
  channel: PartyChannel,
  change: { requestId: string; personId: string; commitment: string },
): Promise<void> {
  const { requestId, personId, commitment } = change;
  let prepared = true;
  const marked: GalleryStore[] = [];
  try {
    for (const store of Object.values(context.stores)) {
      if (await store.prepareRekey(requestId, personId, commitment)) marked.push(store);
    }
  } catch (error) {
    context.log(`recover ${requestId}: prepare failed (${(error as Error).message})`);
    prepared = false;
  }
  await context.faults.at?.("recover:prepared", requestId);
  if (!(await allPrepared(channel, prepared && marked.length > 0))) {
    for (const store of marked) await store.abortRekey(requestId);
    throw new PeerError("a node could not prepare the new authenticator commitment; nothing was recovered");
  }
  await context.faults.at?.("recover:committing", requestId);
  for (const store of marked) {
    const rekey = store.pendingRekeys().find((pending) => pending.requestId === requestId)!;
    await context.events.append({
      kind: "recover",
      modality: store.modality as Modality,
      slot: rekey.slot,
      personId,
      requestId,
      commitment,
    });
    await context.faults.at?.("recover:written", requestId);
    await store.commitRekey(requestId);
  }
  await context.faults.at?.("recover:committed", requestId);
}
