/**
 * The registry keeps one nullifier commitment N per humanity for life (protocol v2,
 * docs/registry.md#the-nullifier-commitment). Each test here fails on protocol v1, where a
 * humanity held only a commitment: a renewal or a reclaim could bring any key, and with it fresh
 * nullifiers in every scope.
 */
import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { SetError } from "@pop/core/errors";
import type { RegisteredCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { createIdentity, type PopIdentity, rotateAuthenticator } from "@pop/protocol/identity";
import { readPublicSignals } from "@pop/protocol/publicSignals";
import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { type Hex, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renounceHumanity } from "../src/actions/registry/renounceHumanity.js";
import { Party, Status } from "../src/generated/enums.js";
import { personhoodVerifierAbi } from "../src/generated/personhoodVerifier.js";
import { readIssuerSet } from "../src/readIssuerSet.js";
import { registryCredential } from "../src/registryCredential.js";
import { toSolidityProof } from "../src/solidityProof.js";

let h: RegistryHarness;
let deposit: bigint;
const SCOPE = textToField("registry-nullifier-scope");
const MESSAGE = textToField("yes");

beforeAll(async () => {
  h = await RegistryHarness.start();
  deposit = await h.deposit();
});
afterAll(() => h?.stop());

/** The custom error a claim of `id` by `who` with these keys reverts with. */
function refusedClaim(who: Person, id: Hex, keys: PopIdentity) {
  return h.revert(who.wallet, "claimHumanity", [id, "ipfs://re", keys.commitment, keys.nullifierCommitment], deposit);
}

/** A personhood proof for SCOPE by `identity` with its registry credential, against the current set. */
async function prove(identity: PopIdentity, credential: RegisteredCredential) {
  return generatePersonhoodProof(
    {
      identity,
      credential,
      humanitySet: await h.set(),
      issuerSet: await readIssuerSet({ client: h.client, address: h.deployment.issuerRegistry }),
      scope: SCOPE,
      message: MESSAGE,
      time: Number(await h.now()),
    },
    loadProverArtifacts(20),
  );
}

const credentialOf = (id: Hex) => registryCredential({ client: h.client, registry: h.registry, humanityId: id });

describe("HumanityRegistry: one nullifier commitment per humanity", () => {
  it("a seed and a first claim set N; a removal keeps it", async () => {
    const genesis = await h.seeded();
    expect((await h.humanity(genesis.id)).nullifierCommitment).toBe(genesis.identity.nullifierCommitment);
    const alice = await h.person();
    const requestId = await h.openVouched(alice, genesis);
    expect((await h.request(requestId)).nullifierCommitment).toBe(alice.identity.nullifierCommitment);
    // An open claim does not set it: only its execution does.
    expect((await h.humanity(alice.id)).nullifierCommitment).toBe(0n);
    await h.execute(requestId);
    expect((await h.humanity(alice.id)).nullifierCommitment).toBe(alice.identity.nullifierCommitment);
    await renounceHumanity(h.as(alice.wallet));
    const removed = await h.humanity(alice.id);
    expect([removed.owner, removed.commitment, removed.nullifierCommitment]).toEqual([
      zeroAddress,
      0n,
      alice.identity.nullifierCommitment,
    ]);
    expect(await h.violations()).toEqual([]);
  });

  it("a renewal with another N is refused; with the same N and a new authenticator the nullifier stays the same", async () => {
    const genesis = await h.seeded();
    const voucher = await h.person();
    await h.register(voucher, genesis);
    const alice = await h.person();
    await h.register(alice, genesis, { evidence: "ipfs://first" });
    const registered = await h.humanity(alice.id);
    const oldCredential = await credentialOf(alice.id);
    const before = readPublicSignals((await prove(alice.identity, oldCredential)).publicSignals);

    await h.passTime(registered.expirationTime - BigInt(h.parameters.renewalPeriod) - (await h.now()));
    const N = alice.identity.nullifierCommitment;
    const other = createIdentity();
    for (const keys of [other, { ...alice.identity, nullifierCommitment: other.nullifierCommitment }]) {
      expect(
        await h.revert(
          alice.wallet,
          "renewHumanity",
          ["ipfs://renewal", keys.commitment, keys.nullifierCommitment],
          deposit,
        ),
      ).toEqual(["HumanityRegistry__NullifierCommitmentMismatch", [alice.id, N, other.nullifierCommitment]]);
    }
    const rotated = rotateAuthenticator(alice.identity);
    const requestId = await h.renew(alice, { evidence: "ipfs://renewal", identity: rotated });
    await h.vouch(voucher, alice);
    await h.advance(alice, [voucher]);
    await h.execute(requestId);
    const renewed = await h.humanity(alice.id);
    expect([renewed.commitment, renewed.nullifierCommitment]).toEqual([rotated.commitment, N]);
    expect((await h.set()).has(h.leafOf(registered))).toBe(false);

    const proof = await prove(rotated, await credentialOf(alice.id));
    const after = readPublicSignals(proof.publicSignals);
    expect(after.scope).toBe(SCOPE);
    expect(after.nullifier).toBe(before.nullifier);
    const { proof: onChain, scope, message } = toSolidityProof(proof);
    await expect(
      h.client.readContract({
        address: h.deployment.personhoodVerifier,
        abi: personhoodVerifierAbi,
        functionName: "verify",
        args: [onChain, scope, message],
      }),
    ).resolves.toBeUndefined();
    // The old authenticator's leaf is gone: it proves against no current root.
    await expect(prove(alice.identity, oldCredential)).rejects.toThrow(SetError);
    expect(await h.violations()).toEqual([]);
  });

  it("a reclaim after revocation must present the humanity's N, from any wallet", async () => {
    const genesis = await h.seeded();
    const target = await h.person();
    await h.register(target, genesis);
    const revoker = await h.person();
    const revocation = await h.requestCount();
    await h.call(revoker.wallet, "revokeHumanity", [target.id, "ipfs://deepfake"], deposit);
    await h.execute(revocation);
    const N = target.identity.nullifierCommitment;
    expect((await h.humanity(target.id)).nullifierCommitment).toBe(N);

    const stranger = await h.person();
    expect(await refusedClaim(stranger, target.id, stranger.identity)).toEqual([
      "HumanityRegistry__NullifierCommitmentMismatch",
      [target.id, N, stranger.identity.nullifierCommitment],
    ]);
    // The removed human's own wallet with a fresh key is refused the same way.
    const freshKeys = createIdentity();
    expect(await refusedClaim(target, target.id, freshKeys)).toEqual([
      "HumanityRegistry__NullifierCommitmentMismatch",
      [target.id, N, freshKeys.nullifierCommitment],
    ]);
    // The same human, on a new wallet with a rotated authenticator, reclaims it.
    const back = await h.person({ identity: rotateAuthenticator(target.identity) });
    await h.register(back, genesis, { id: target.id });
    const reclaimed = await h.humanity(target.id);
    expect([reclaimed.owner, reclaimed.commitment, reclaimed.nullifierCommitment]).toEqual([
      back.address,
      back.identity.commitment,
      N,
    ]);
    expect(await h.violations()).toEqual([]);
  });

  it("a reclaim after expiry must present the humanity's N too", async () => {
    const genesis = await h.seeded();
    const lapsed = await h.person();
    await h.register(lapsed, genesis);
    const expired = await h.humanity(lapsed.id);
    await h.passTime(BigInt(h.parameters.lifespan) + 1n);
    expect(await h.read("isClaimed", [lapsed.id])).toBe(false);
    const stranger = await h.person();
    expect(await refusedClaim(stranger, lapsed.id, stranger.identity)).toEqual([
      "HumanityRegistry__NullifierCommitmentMismatch",
      [lapsed.id, lapsed.identity.nullifierCommitment, stranger.identity.nullifierCommitment],
    ]);
    const fresh = await h.seeded();
    const back = await h.person({ identity: rotateAuthenticator(lapsed.identity) });
    await h.register(back, fresh, { id: lapsed.id });
    const reclaimed = await h.humanity(lapsed.id);
    expect([reclaimed.owner, reclaimed.nullifierCommitment]).toEqual([
      back.address,
      lapsed.identity.nullifierCommitment,
    ]);
    // The expired leaf was replaced, not kept beside the new one.
    expect((await h.set()).has(h.leafOf(expired))).toBe(false);
    expect(await h.violations()).toEqual([]);
  });

  it("of two open claims of a new ID with different N, the first executed sets N and the second does not apply", async () => {
    const [v1, v2] = [await h.seeded(), await h.seeded()];
    const first = await h.person();
    const second = await h.person();
    const id = first.id;
    const firstRequest = await h.openVouched(first, v1);
    const secondRequest = await h.openVouched(second, v2, { id });
    expect((await h.humanity(id)).pendingRequests).toBe(2);
    await h.execute(firstRequest);
    expect((await h.humanity(id)).nullifierCommitment).toBe(first.identity.nullifierCommitment);
    // The ID is free again, but it keeps the first claimer's N: the second claim cannot take it.
    await renounceHumanity(h.as(first.wallet));
    await h.execute(secondRequest);
    const request = await h.request(secondRequest);
    expect([request.status, request.winner]).toEqual([Status.Resolved, Party.None]);
    const humanity = await h.humanity(id);
    expect([humanity.owner, humanity.commitment, humanity.nullifierCommitment]).toEqual([
      zeroAddress,
      0n,
      first.identity.nullifierCommitment,
    ]);
    expect(await h.read("isHuman", [second.address])).toBe(false);
    // The second claimer's deposit goes back.
    await h.call(second.wallet, "withdrawDeposit", [second.address, secondRequest]);
    expect(await h.withdrawable(second.address)).toBe(deposit);
    expect(await refusedClaim(second, id, second.identity)).toEqual([
      "HumanityRegistry__NullifierCommitmentMismatch",
      [id, first.identity.nullifierCommitment, second.identity.nullifierCommitment],
    ]);
    expect(await h.violations()).toEqual([]);
  });
});
