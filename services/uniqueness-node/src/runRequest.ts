import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@pop/core/bytes";
import { MODALITIES, type Modality, openCustodyPart } from "@pop/uniqueness/custodyPackage";
import { matchGroups } from "@pop/uniqueness/mpc/matchCircuit";
import type { CheckResult, DeleteResult, EnrollResult } from "@pop/uniqueness/wire/answers";
import type { ClientRequest } from "@pop/uniqueness/wire/requests";
import type { NodeContext } from "./nodeContext.js";
import { sendPeerMessage } from "./peerClient.js";
import { PeerError, peerChannel } from "./peerLink.js";
import { randomnessKeys } from "./randomness.js";

/**
 * One client request's protocol, run by the three nodes together over /v1/peer: agree on the
 * gallery's view, compare the query with every slot under MPC, and for an enrolment commit in
 * two phases. A node holds only its own shares; nothing it logs or stores is a template. Iris
 * codes and faces live in separate galleries (the package says which); a delete removes a
 * person from both.
 */

/** Rotations compared per gallery entry: −15..15 for irises, none for faces. */
const ROTATIONS: Record<Modality, number> = { iris: 15, face: 0 };

/**
 * Runs one request with the peers.
 * @param context the node
 * @param request the parsed request
 * @returns the result this node signs (the peers reach the same)
 * @throws CustodyError when this node's part does not open; PeerError when a peer fails
 */
export async function runRequest(
  context: NodeContext,
  request: ClientRequest,
): Promise<CheckResult | EnrollResult | DeleteResult> {
  const { party, stores, secrets } = context;
  const { requestId } = request.body;
  // Open this node's part before engaging the peers: a bad package fails here, alone.
  const pkg = request.kind === "delete" ? undefined : request.body.package;
  const shares =
    pkg === undefined
      ? undefined
      : openCustodyPart(pkg.parts[party]!, hexToBytes(secrets.encryption, "encryption", 32), pkg.modality);
  // A delete looks at (and agrees on) the iris gallery's view, and removes the person from every gallery.
  const modality = pkg?.modality ?? "iris";
  const store = stores[modality];
  const channel = peerChannel({
    inbox: context.inbox(requestId),
    send: (round, payload) => sendPeerMessage(context, requestId, round, payload),
    timeoutMs: context.timeoutMs,
  });
  // Every node must see the same gallery: two ring rounds give each node all three views.
  const personId = request.kind === "check" ? undefined : request.body.personId;
  const view = new Uint32Array([
    store.comparedSlots,
    store.lowestFreeSlot(),
    personId !== undefined &&
    (request.kind === "delete" ? MODALITIES.map((m) => stores[m]) : [store]).some(
      (s) => s.slotOf(personId) !== undefined,
    )
      ? 1
      : 0,
  ]);
  const fromNext = new Uint32Array((await channel.exchange(new Uint8Array(view.buffer))).slice().buffer);
  const fromFar = new Uint32Array((await channel.exchange(new Uint8Array(fromNext.buffer))).slice().buffer);
  const views = [view, fromNext, fromFar];
  const agreed = views.every((v) => v[0] === view[0] && v[1] === view[1]);
  if (request.kind === "delete") {
    const anywhere = views.some((v) => v[2] === 1);
    let removed = false;
    for (const m of MODALITIES) {
      removed = (await stores[m].remove(request.body.personId)) || removed;
    }
    return { deleted: anywhere || removed };
  }
  if (!agreed) {
    throw new PeerError("the nodes' galleries differ (a node is recovering): try again");
  }
  if (personId !== undefined && views.some((v) => v[2] === 1)) {
    return { modality, enrolled: false, reason: "person id already enrolled" };
  }
  let unique = true;
  const slots = store.comparedSlots;
  if (slots > 0) {
    const rotations = ROTATIONS[modality];
    const dots = store.gallery.dotShares(party, shares!, { entries: slots, rotations });
    const nonce = sha256(new TextEncoder().encode(`pop.nonce|${requestId}`)).slice(0, 12);
    const { matches } = await matchGroups(
      {
        party,
        channel,
        ...(await randomnessKeys(context, requestId)),
        nonce,
      },
      dots,
      [slots * (2 * rotations + 1)],
    );
    unique = !matches[0];
  }
  if (request.kind === "check") {
    return { modality, unique };
  }
  if (!unique) {
    return { modality, enrolled: false, reason: "a matching person is enrolled" };
  }
  // Two-phase commit: prepare durably, learn that all three prepared, then commit.
  const slot = view[1]!;
  let prepared = 1;
  try {
    await store.prepare({ slot, personId: request.body.personId, requestId, share: shares! });
  } catch (error) {
    context.log(`enroll ${requestId}: prepare failed (${(error as Error).message})`);
    prepared = 0;
  }
  await context.faults.afterPrepare?.(requestId);
  const nextPrepared = (await channel.exchange(new Uint8Array([prepared])))[0]!;
  const farPrepared = (await channel.exchange(new Uint8Array([prepared & nextPrepared])))[0]!;
  if ((prepared & nextPrepared & farPrepared) !== 1) {
    await store.abort(requestId);
    throw new PeerError("a node could not prepare the enrolment; nothing was stored");
  }
  await store.commit(requestId);
  return { modality, enrolled: true, slot };
}
