import { RegistryHarness } from "@pop/test-utils/registryHarness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Reason } from "../src/generated/enums.js";
import { humanityRegistryAbi } from "../src/generated/humanityRegistry.js";
import { metaEvidenceUri, registryMetaEvidence } from "../src/metaEvidence.js";
import { readEvents } from "../src/readEvents.js";

/**
 * ERC-1497 MetaEvidence (docs/registry.md#kleros): for each policy i a JSON document for claims
 * and renewals (2i) and one for revocations (2i + 1), emitted at deploy and on a policy change;
 * each dispute names the one it is judged with.
 */

let h: RegistryHarness;

beforeAll(async () => {
  h = await RegistryHarness.start();
});
afterAll(() => h?.stop());

async function events(name: string): Promise<Record<string, unknown>[]> {
  const logs = await readEvents({ client: h.client, address: h.registry, abi: humanityRegistryAbi });
  return logs.filter((log) => log.eventName === name).map((log) => log.args as Record<string, unknown>);
}

/** The JSON document of a `data:application/json;base64,` URI. */
function documentOf(uri: string): unknown {
  const prefix = "data:application/json;base64,";
  expect(uri.startsWith(prefix)).toBe(true);
  return JSON.parse(Buffer.from(uri.slice(prefix.length), "base64").toString("utf8"));
}

describe("MetaEvidence", () => {
  it("is emitted at deploy as two JSON documents citing the policy, and disputes name the right one", async () => {
    const expected = registryMetaEvidence(h.parameters.policy);
    const emitted = await events("MetaEvidence");
    expect(emitted.map((e) => [e.metaEvidenceID, documentOf(e.evidence as string)])).toEqual([
      [0n, expected.registration],
      [1n, expected.clearing],
    ]);
    expect(expected.registration.fileURI).toBe(h.parameters.policy);
    expect(expected.clearing.rulingOptions.titles).toEqual(["Yes, remove", "No, keep"]);
    const genesis = await h.seeded();
    const claimer = await h.person();
    const claim = await h.openVouched(claimer, genesis);
    await h.challenge(await h.person(), claim, Reason.IncorrectSubmission);
    const target = await h.seeded();
    const revocation = await h.requestCount();
    await h.call((await h.person()).wallet, "revokeHumanity", [target.id, "ipfs://revocation"], await h.deposit());
    await h.challenge(await h.person(), revocation, Reason.None);
    const disputes = (await events("Dispute")).map((e) => [e.evidenceGroupID, e.metaEvidenceID]);
    expect(disputes).toEqual([
      [claim, 0n],
      [revocation, 1n],
    ]);
  });

  it("a new policy brings its own two documents, and requests opened afterwards are judged with them", async () => {
    const policy = "ipfs://bafy-policy-v3";
    const documents = registryMetaEvidence(policy);
    const uris = [documents.registration, documents.clearing].map(metaEvidenceUri);
    expect(await h.revert((await h.person()).wallet, "setPolicy", [policy, uris[0], uris[1]])).toEqual([
      "OwnableUnauthorizedAccount",
      [expect.any(String)],
    ]);
    await h.call(h.governance, "setPolicy", [policy, uris[0], uris[1]]);
    const emitted = (await events("MetaEvidence")).slice(-2);
    expect(emitted.map((e) => [e.metaEvidenceID, documentOf(e.evidence as string)])).toEqual([
      [2n, documents.registration],
      [3n, documents.clearing],
    ]);
    expect(await h.read("policy", [1n])).toBe(policy);
    const claimer = await h.person();
    const claim = await h.openVouched(claimer, await h.seeded());
    await h.challenge(await h.person(), claim, Reason.IncorrectSubmission);
    const last = (await events("Dispute")).at(-1)!;
    expect([last.evidenceGroupID, last.metaEvidenceID]).toEqual([claim, 2n]);
    expect((await h.request(claim)).policy).toBe(1);
  });
});
