import { CredentialError } from "@pop/core/errors";
import { unpackAttributes } from "@pop/protocol/attributes";
import { credentialDocument, parseCredential, type RegisteredCredential } from "@pop/protocol/credential";
import { ISSUER_ID, type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { encodeEventTopics, type Hex, keccak256, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renewHumanity } from "../src/actions/registry/renewHumanity.js";
import { renounceHumanity } from "../src/actions/registry/renounceHumanity.js";
import { humanityRegistryAbi } from "../src/generated/humanityRegistry.js";
import { checkRegistration, registryCredential } from "../src/registryCredential.js";

let h: RegistryHarness;
let voucher: Person;

beforeAll(async () => {
  h = await RegistryHarness.start();
  voucher = await h.person();
  await h.seed(voucher);
});
afterAll(() => h?.stop());

const credentialOf = (person: Person) =>
  registryCredential({ client: h.client, registry: h.registry, humanityId: person.id });

const check = (credential: RegisteredCredential) => checkRegistration({ client: h.client, credential });

/** A copy of the credential with some registration fields changed. */
function moved(credential: RegisteredCredential, change: Partial<RegisteredCredential["registration"]>) {
  return { ...credential, registration: { ...credential.registration, ...change } };
}

describe("registry credentials", () => {
  it("are built from the HumanityRegistered log of the current leaf and check out against the chain", async () => {
    const alice = await h.person();
    await h.register(alice, voucher);
    const humanity = await h.humanity(alice.id);
    const credential = await credentialOf(alice);
    expect(credential.commitment).toBe(alice.identity.commitment);
    expect(credential.nullifierCommitment).toBe(alice.identity.nullifierCommitment);
    expect(credential.attributes).toEqual(unpackAttributes(humanity.attributes));
    expect(credential.attributes).toMatchObject({ issuerId: ISSUER_ID, kind: "registry", country: 0 });
    expect(BigInt(credential.attributes.expiresAt)).toBe(humanity.expirationTime);
    // The log it names is the one the registry emitted for Alice, found here independently.
    const [topic] = encodeEventTopics({ abi: humanityRegistryAbi, eventName: "HumanityRegistered" });
    const logs = await h.client.getLogs({ address: h.registry, fromBlock: 0n });
    const emitted = logs.filter((log) => log.topics[0] === topic && log.topics[1]?.startsWith(alice.id));
    expect(emitted).toHaveLength(1);
    expect(credential.registration).toEqual({
      chainId: 31337,
      registry: h.registry.toLowerCase(),
      humanityId: alice.id.toLowerCase(),
      transactionHash: emitted[0]!.transactionHash,
      logIndex: emitted[0]!.logIndex,
    });
    expect(await check(credential)).toEqual({ owner: alice.address, current: true });
    // The document round-trips and still checks out.
    const parsed = parseCredential(JSON.parse(JSON.stringify(credentialDocument(credential))));
    expect(parsed).toEqual(credential);
    expect(await check(parsed as RegisteredCredential)).toEqual({ owner: alice.address, current: true });
  });

  it("refuses a registration that names another chain, transaction, log, humanity, commitment, N or attributes", async () => {
    const bob = await h.person();
    await h.register(bob, voucher);
    const credential = await credentialOf(bob);
    const receipt = await h.client.getTransactionReceipt({ hash: credential.registration.transactionHash });
    // Another log of the same transaction: one from the humanity set, one from the registry.
    const setLog = receipt.logs.find((log) => log.address.toLowerCase() !== credential.registration.registry);
    const otherRegistryLog = receipt.logs.find(
      (log) =>
        log.address.toLowerCase() === credential.registration.registry &&
        log.logIndex !== credential.registration.logIndex,
    );
    expect(setLog).toBeDefined();
    expect(otherRegistryLog).toBeDefined();
    const carol = await h.person();
    const forgeries: [RegisteredCredential, RegExp][] = [
      [moved(credential, { chainId: 5 }), /registration is on chain 5; the client serves 31337/],
      [
        moved(credential, { transactionHash: keccak256(toHex("no such transaction")) }),
        /is not a successful transaction on chain 31337/,
      ],
      [moved(credential, { logIndex: setLog!.logIndex }), /was not emitted by registry/],
      [moved(credential, { logIndex: 999 }), /log 999 of 0x[0-9a-f]{64} was not emitted by registry/],
      [moved(credential, { logIndex: otherRegistryLog!.logIndex }), /is not a HumanityRegistered event/],
      [moved(credential, { humanityId: carol.id.toLowerCase() as Hex }), /records another humanity/],
      [{ ...credential, commitment: carol.identity.commitment }, /records another humanity, commitment/],
      [
        { ...credential, nullifierCommitment: carol.identity.nullifierCommitment },
        /records another humanity, commitment, nullifier commitment/,
      ],
      [{ ...credential, attributes: { ...credential.attributes, country: 756 } }, /or attributes/],
      [
        { ...credential, attributes: { ...credential.attributes, expiresAt: credential.attributes.expiresAt + 1 } },
        /or attributes/,
      ],
    ];
    for (const [forged, message] of forgeries) {
      const refused = await check(forged).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CredentialError);
      expect((refused as Error).message).toMatch(message);
    }
  });

  it("goes stale when a renewal replaces the leaf, and cannot be built once the humanity is removed", async () => {
    const dana = await h.person();
    await h.register(dana, voucher);
    const first = await credentialOf(dana);
    const registered = await h.humanity(dana.id);
    await h.passTime(registered.expirationTime - BigInt(h.parameters.renewalPeriod) - (await h.now()));
    const { requestId } = await renewHumanity(h.as(dana.wallet), { evidence: "ipfs://renewal" });
    await h.vouch(voucher, dana);
    await h.advance(dana, [voucher]);
    await h.execute(requestId);
    const second = await credentialOf(dana);
    expect(second.registration.transactionHash).not.toBe(first.registration.transactionHash);
    expect(second.attributes.expiresAt).toBeGreaterThan(first.attributes.expiresAt);
    expect(await check(first)).toEqual({ owner: dana.address, current: false });
    expect(await check(second)).toEqual({ owner: dana.address, current: true });
    await renounceHumanity(h.as(dana.wallet));
    expect(await check(second)).toEqual({ owner: dana.address, current: false });
    await expect(credentialOf(dana)).rejects.toThrow(new RegExp(`humanity ${dana.id} is not registered`, "i"));
  });
});
