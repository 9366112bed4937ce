import { sealRecoveredShare } from "@pop/uniqueness/custody/recovery";
import type { MpcContext } from "@pop/uniqueness/mpc/booleanShares";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { checkTemplateForm } from "@pop/uniqueness/mpc/formCheck";
import { IRIS_ORIENTATIONS, irisPasses } from "@pop/uniqueness/mpc/irisQuery";
import { type Decision, decideMatch } from "@pop/uniqueness/mpc/matchDecision";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { verifyDeleteConsent } from "@pop/uniqueness/wire/consent";
import type { CheckBody, DeleteBody, EnrollBody, RecoverBody, RequestEnvelope } from "@pop/uniqueness/wire/envelope";
import type {
  CheckResult,
  DeleteRefusal,
  DeleteResult,
  EnrollResult,
  RecoverResult,
} from "@pop/uniqueness/wire/results";
import type { GalleryStore } from "../galleryStore.js";
import { deleteInTwoPhases, enrollInTwoPhases, rekeyInTwoPhases } from "./twoPhase.js";
import type { ExecutionContext, OpenedRequest } from "./types.js";
import { agreeOnView, mpcContextFor } from "./view.js";

/**
 * Runs one ordered request with the two peers (docs/uniqueness.md#ordered-and-concurrent):
 * views agreed, the N-aware decision on shares, and for an enrolment the form check and the
 * two-phase commit; a delete (on the issuer's reason, or the person's consent checked against
 * the c their entry holds) in two phases; a recovery's 1:1 comparison, and on a match the new
 * authenticator commitment in two phases before the escrow shares are sealed. Every node returns
 * the same result from the same data (the views include the chain head, which covers every c),
 * which its route signs. Nothing here logs or stores a template in the clear.
 */

/** The N-aware decision of a query (this party's shares) against the first `entries` slots of a store. */
async function decide(
  mpc: MpcContext,
  store: GalleryStore,
  shares: readonly Uint16Array[],
  entries: number,
  nullifierCommitment: string,
  galleries: readonly ShareGallery[] = store.galleries,
  sameHuman: readonly boolean[] = Array.from(
    { length: entries },
    (_, slot) => store.entryAt(slot)?.nullifierCommitment === nullifierCommitment,
  ),
): Promise<Decision> {
  if (entries === 0) return "unique";
  const iris = store.modality === "iris";
  const passes = iris
    ? irisPasses(
        { left: galleries[0]!, right: galleries[1]! },
        mpc.party,
        { left: shares[0]!, right: shares[1]! },
        entries,
      )
    : [galleries[0]!.dotShares(mpc.party, shares[0]!, { entries, rotations: 0 })];
  const { decision } = await decideMatch(mpc, {
    passes,
    entries,
    width: iris ? 31 : 1,
    orientations: iris ? IRIS_ORIENTATIONS : [[0]],
    sameHuman,
  });
  return decision;
}

/**
 * The N-aware decision against a store's first `entries` slots: on the node's shard workers
 * when it has them (shard/shardedDecisions.ts), else on the store's own galleries.
 */
function decideGallery(
  context: ExecutionContext,
  mpc: MpcContext,
  request: OpenedRequest,
  store: GalleryStore,
  entries: number,
): Promise<Decision> {
  const shares = request.shares!;
  const { nullifierCommitment } = request;
  if (context.shards === undefined || entries === 0) return decide(mpc, store, shares, entries, nullifierCommitment);
  const requestId = request.envelope.requestId;
  return context.shards.decide(mpc, { store, requestId, shares, entries, nullifierCommitment });
}

type Setup = { channel: PartyChannel; keys: { prevKey: Uint8Array; nextKey: Uint8Array } };

async function setup(context: ExecutionContext, requestId: string): Promise<Setup> {
  return { channel: context.channel(requestId), keys: await context.randomness(requestId) };
}

async function runCheck(context: ExecutionContext, request: OpenedRequest, body: CheckBody): Promise<CheckResult> {
  const { requestId } = request.envelope;
  const store = context.stores[body.package.modality];
  const { channel, keys } = await setup(context, requestId);
  const view = await agreeOnView(context, channel, {
    comparedSlots: store.comparedSlots,
    freeSlot: store.lowestFreeSlot(),
    personKnown: false,
  });
  const mpc = mpcContextFor(context, channel, keys, requestId, "decision");
  const decision = await decideGallery(context, mpc, request, store, view.comparedSlots);
  return { modality: store.modality, decision };
}

async function runEnroll(context: ExecutionContext, request: OpenedRequest, body: EnrollBody): Promise<EnrollResult> {
  const { requestId } = request.envelope;
  const store = context.stores[body.package.modality];
  const modality = store.modality;
  const { channel, keys } = await setup(context, requestId);
  const known = Object.values(context.stores).some((s) => s.slotOf(body.personId) !== undefined);
  const view = await agreeOnView(context, channel, {
    comparedSlots: store.comparedSlots,
    freeSlot: store.lowestFreeSlot(),
    personKnown: known,
  });
  if (view.personKnown) return { modality, enrolled: false, reason: "person id already enrolled" };
  // The form first: an entry out of form is never stored, and not even compared.
  let wellFormed = true;
  for (const [i, share] of request.shares!.entries()) {
    const form = mpcContextFor(context, channel, keys, requestId, `form${i}`);
    wellFormed = (await checkTemplateForm(form, modality, share)) && wellFormed;
  }
  if (!wellFormed) return { modality, enrolled: false, reason: "the template is out of form" };
  const mpc = mpcContextFor(context, channel, keys, requestId, "decision");
  const decision = await decideGallery(context, mpc, request, store, view.comparedSlots);
  if (decision === "conflict") return { modality, enrolled: false, reason: "another person matches" };
  if (decision === "same-human") return { modality, enrolled: false, reason: "the same human is enrolled" };
  const record = {
    slot: view.freeSlot,
    personId: body.personId,
    requestId,
    nullifierCommitment: request.nullifierCommitment,
    commitment: body.commitment,
    escrow: request.escrow!,
    shares: request.shares!,
  };
  await enrollInTwoPhases(context, channel, store, record);
  return { modality, enrolled: true, slot: record.slot };
}

async function runDelete(context: ExecutionContext, request: OpenedRequest, body: DeleteBody): Promise<DeleteResult> {
  const { requestId } = request.envelope;
  const store = context.stores.iris;
  const { channel } = await setup(context, requestId);
  const known = Object.values(context.stores).some((s) => s.slotOf(body.personId) !== undefined);
  const view = await agreeOnView(context, channel, {
    comparedSlots: store.comparedSlots,
    freeSlot: store.lowestFreeSlot(),
    personKnown: known,
  });
  if (!view.personKnown) return { deleted: false, reason: "the person is not enrolled" };
  const refusal = "consent" in body ? consentRefusal(context, request.envelope, body) : undefined;
  if (refusal !== undefined) return { deleted: false, reason: refusal };
  await deleteInTwoPhases(context, channel, requestId, body.personId);
  return { deleted: true };
}

/**
 * Why a consent does not let this delete go ahead, or undefined when it does: it must be signed
 * for this person, request and client by the authenticator whose c every entry of the person
 * holds (a recovery replaced c: an old authenticator no longer consents).
 */
function consentRefusal(
  context: ExecutionContext,
  envelope: RequestEnvelope,
  body: Extract<DeleteBody, { consent: unknown }>,
): DeleteRefusal | undefined {
  const { personId } = body;
  for (const store of Object.values(context.stores)) {
    const slot = store.slotOf(personId);
    const entry = slot === undefined ? undefined : store.entryAt(slot);
    if (entry === undefined) continue;
    const check = verifyDeleteConsent({
      consent: body.consent,
      commitment: entry.commitment,
      personId,
      requestId: envelope.requestId,
      client: envelope.client,
    });
    if (check === "another authenticator") return "the consent is not by the person's authenticator";
    if (check === "another request") return "the consent does not sign this request";
  }
  return undefined;
}

/**
 * The entry a recovery compares with: the person id's, when the request names one (and it holds
 * the package's N); else the one entry of this modality that holds N. Without either, nothing.
 */
function recoveryEntry(store: GalleryStore, body: RecoverBody, nullifierCommitment: string): number | undefined {
  if (body.personId !== null) {
    const slot = store.slotOf(body.personId);
    return slot !== undefined && store.entryAt(slot)?.nullifierCommitment === nullifierCommitment ? slot : undefined;
  }
  const slots: number[] = [];
  for (let slot = 0; slot < store.comparedSlots; slot++) {
    if (store.entryAt(slot)?.nullifierCommitment === nullifierCommitment) slots.push(slot);
  }
  return slots.length === 1 ? slots[0] : undefined;
}

async function runRecover(
  context: ExecutionContext,
  request: OpenedRequest,
  body: RecoverBody,
): Promise<RecoverResult> {
  const { requestId } = request.envelope;
  const store = context.stores[body.package.modality];
  const modality = store.modality;
  const { channel, keys } = await setup(context, requestId);
  const slot = recoveryEntry(store, body, request.nullifierCommitment);
  const view = await agreeOnView(context, channel, {
    comparedSlots: store.comparedSlots,
    freeSlot: store.lowestFreeSlot(),
    personKnown: slot !== undefined,
  });
  const entry = slot === undefined ? undefined : store.entryAt(slot);
  if (!view.personKnown || slot === undefined || entry === undefined) return { modality, recovered: false };
  // 1:1: the entry alone, in galleries of one.
  const single = store.galleries.map((gallery) => {
    const one = new ShareGallery();
    one.add(gallery.entry(slot));
    return one;
  });
  const mpc = mpcContextFor(context, channel, keys, requestId, "recovery");
  const decision = await decide(mpc, store, request.shares!, 1, request.nullifierCommitment, single, [true]);
  if (decision === "unique") return { modality, recovered: false };
  await context.faults.at?.("recover:matched", requestId);
  // The new authenticator first, on all three nodes: a share is sealed only once it is committed.
  await rekeyInTwoPhases(context, channel, { requestId, personId: entry.personId, commitment: body.commitment });
  const share = sealRecoveredShare({
    share: { party: context.party, value: entry.escrow },
    deviceKey: body.deviceKey,
    requestId,
    nullifierCommitment: request.nullifierCommitment,
  });
  return { modality, recovered: true, share };
}

/**
 * Runs an ordered request.
 * @param context the node's execution context
 * @param request the request, opened
 * @returns the result this node signs (the peers reach the same)
 * @throws PeerError when the peers fail or disagree (then nothing changed)
 */
export async function runOrdered(
  context: ExecutionContext,
  request: OpenedRequest,
): Promise<CheckResult | EnrollResult | DeleteResult | RecoverResult> {
  const { envelope } = request;
  switch (envelope.kind) {
    case "check":
      return runCheck(context, request, envelope.body as CheckBody);
    case "enroll":
      return runEnroll(context, request, envelope.body as EnrollBody);
    case "delete":
      return runDelete(context, request, envelope.body as DeleteBody);
    default:
      return runRecover(context, request, envelope.body as RecoverBody);
  }
}
