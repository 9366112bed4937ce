import { Identity, nullifierCommitmentOf } from "@pop/protocol/identity";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { recoverFromCluster } from "@pop/uniqueness/client/recover";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { consentRequest, signDeleteConsent } from "@pop/uniqueness/wire/consent";
import type { DeleteBody } from "@pop/uniqueness/wire/envelope";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { type Person, packagesFor, randomPerson, recapture } from "../../../packages/uniqueness/test/people.js";
import { type RunningNode, startNode } from "../src/node.js";
import { makeTestCluster } from "./localCluster.js";

/**
 * A delete on the person's consent (docs/uniqueness.md#clients-and-answers): signed with the
 * authenticator whose commitment c their entry holds, for this person, request and client.
 * Anything else is refused, with the reason in the three signed answers, and the entry stays; a
 * recovery installs the new authenticator's c, after which only the new authenticator consents
 * (also after the nodes restart). Three nodes in this process, over mutual TLS.
 */

const random = seededRandom("consent.test");
const local = await makeTestCluster({ basePort: 17_500, prefix: "pop-consent-" });
const { cluster, client } = local;
const make = packagesFor({ nodeKeys: local.keys, source: local.source, random });
let nodes: RunningNode[] = [];
const start = async () => {
  nodes = [];
  for (const party of [0, 1, 2]) nodes.push(await startNode({ dataDir: local.nodeDir(party), log: () => {} }));
};
await start();
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

const counts = () => nodes.map((node) => node.store.count);
const heads = () => new Set(nodes.map((node) => node.events.head));
const enroll = async (person: Person, personId: string, authenticator: Identity) =>
  (
    await callCluster({
      cluster,
      client,
      kind: "enroll",
      body: { personId, package: make.iris(person, person.nullifierKey), commitment: String(authenticator.commitment) },
    })
  ).result;
const decision = async (person: Person) =>
  (
    await callCluster({
      cluster,
      client,
      kind: "check",
      body: { package: make.iris(recapture(person, random), person.nullifierKey) },
    })
  ).result.decision;
/** A delete sent as `requestId` with `body` (what an issuer would send, or a forger). */
const remove = async (requestId: string, body: DeleteBody) =>
  (await callCluster({ cluster, client, kind: "delete", requestId, body })).result;
const consentOf = (authenticator: Identity, personId: string, options: { client?: string } = {}) =>
  signDeleteConsent({ authenticator, personId, requestId: newRequestId(), client: options.client ?? client.id });

const NOT_THEIRS = { deleted: false, reason: "the consent is not by the person's authenticator" };
const NOT_THIS_REQUEST = { deleted: false, reason: "the consent does not sign this request" };

describe("a delete on the person's consent (three nodes in process)", () => {
  const alice = randomPerson(random);
  const aliceId = newRequestId();
  const aliceKey = new Identity("consent.test alice");

  it("another authenticator's consent, or one for another person, request or client, is refused", async () => {
    expect(await enroll(alice, aliceId, aliceKey)).toEqual({ modality: "iris", enrolled: true, slot: 0 });
    const stranger = consentOf(new Identity("consent.test stranger"), aliceId);
    expect(await remove(...args(consentRequest(stranger, client.id)))).toEqual(NOT_THEIRS);
    const forBob = consentOf(aliceKey, newRequestId());
    expect(await remove(forBob.requestId, { personId: aliceId, consent: forBob.consent })).toEqual(NOT_THIS_REQUEST);
    const once = consentOf(aliceKey, aliceId);
    expect(await remove(newRequestId(), { personId: aliceId, consent: once.consent })).toEqual(NOT_THIS_REQUEST);
    const forOther = consentOf(aliceKey, aliceId, { client: "another-issuer" });
    expect(await remove(forOther.requestId, { personId: aliceId, consent: forOther.consent })).toEqual(
      NOT_THIS_REQUEST,
    );
    // The entry stayed on all three, and the three chains are one.
    expect(counts()).toEqual([1, 1, 1]);
    expect(await decision(alice)).toBe("same-human");
    expect(heads().size).toBe(1);
  });

  it("the person's consent deletes their entry, and they are unique again", async () => {
    const consent = consentOf(aliceKey, aliceId);
    expect(await remove(...args(consentRequest(consent, client.id)))).toEqual({ deleted: true });
    expect(counts()).toEqual([0, 0, 0]);
    expect(await decision(alice)).toBe("unique");
    expect(await remove(...args(consentRequest(consentOf(aliceKey, aliceId), client.id)))).toEqual({
      deleted: false,
      reason: "the person is not enrolled",
    });
    expect(heads().size).toBe(1);
  });

  it("after a recovery, the old authenticator's consent is refused and the new one's deletes (across a restart)", async () => {
    const bob = randomPerson(random);
    const bobId = newRequestId();
    const lost = new Identity("consent.test bob's lost phone");
    const fresh = new Identity("consent.test bob's new phone");
    expect(await enroll(bob, bobId, lost)).toMatchObject({ enrolled: true });
    const enrolledHead = [...heads()];
    const capture = (eyes: Pick<Person, "left" | "right">) =>
      make.capture(eyes, nullifierCommitmentOf(bob.nullifierKey));
    // A capture that does not match changes nothing.
    const stranger = randomPerson(random);
    const refused = await recoverFromCluster({
      cluster,
      client,
      package: capture(stranger),
      personId: bobId,
      commitment: fresh.commitment,
    });
    expect([refused.recovered, [...heads()]]).toEqual([false, enrolledHead]);
    const outcome = await recoverFromCluster({
      cluster,
      client,
      package: capture(recapture(bob, random)),
      personId: bobId,
      commitment: fresh.commitment,
    });
    expect(outcome.recovered && outcome.nullifierKey).toBe(bob.nullifierKey);
    // The chain covers c: the recovery moved the (one) head.
    expect(heads().size).toBe(1);
    expect([...heads()]).not.toEqual(enrolledHead);
    await Promise.all(nodes.map((node) => node.close()));
    await start();
    expect(await remove(...args(consentRequest(consentOf(lost, bobId), client.id)))).toEqual(NOT_THEIRS);
    expect(counts()).toEqual([1, 1, 1]);
    expect(await remove(...args(consentRequest(consentOf(fresh, bobId), client.id)))).toEqual({ deleted: true });
    expect(counts()).toEqual([0, 0, 0]);
    expect(await decision(bob)).toBe("unique");
  });
});

function args(request: { requestId: string; body: DeleteBody }): [string, DeleteBody] {
  return [request.requestId, request.body];
}
