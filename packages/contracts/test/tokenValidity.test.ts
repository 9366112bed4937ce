import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { packAttributes } from "@pop/protocol/attributes";
import { credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof } from "@pop/protocol/generateProof";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { localChain, revertOf, send, type TestChain } from "@pop/test-utils/chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberOf } from "../src/actions/addMember.js";
import { mintToken, personhoodTokenWithErrorsAbi } from "../src/actions/mintToken.js";
import { type Deployment, deployPop } from "../src/deploy.js";
import { humanitySetAbi } from "../src/generated/humanitySet.js";
import { issuerRegistryAbi } from "../src/generated/issuerRegistry.js";
import { personhoodTokenAbi } from "../src/generated/personhoodToken.js";
import { addressToField, type SolidityPersonhoodProof, toSolidityProof } from "../src/solidityProof.js";
import { tokenScopeOf } from "../src/tokenScope.js";

// A token that does not outlive its human: valid for `lifetime` after its mint or last refresh;
// a refresh proves the same nullifier against the current root, which a removed human cannot.

const LIFETIME = 600;
let test: TestChain;
let deployment: Deployment;
const issuer = createIssuer({ issuerId: 3, name: "kyc" });
const issuerSet = new IssuerSet();
issuerSet.add(issuer);
const humanitySet = new HumanitySet();
const identity = createIdentity();
let credential: ReturnType<typeof issueCredential>;

const blockTime = async () => Number((await test.client.getBlock()).timestamp);
const holder = () => test.wallets[2]!;
const governance = () => test.wallets[0]!;
const token = (functionName: string, args: readonly unknown[]) =>
  test.client.readContract({
    address: deployment.personhoodToken,
    abi: personhoodTokenAbi,
    functionName,
    args,
  } as never) as Promise<unknown>;
const passTime = async (seconds: number) => {
  await test.client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  await test.client.request({ method: "evm_mine" as never, params: [] as never });
};
async function prove(set: HumanitySet, disclose = {}): Promise<SolidityPersonhoodProof> {
  const proof = await generatePersonhoodProof(
    {
      identity,
      credential,
      humanitySet: set,
      issuerSet,
      scope: tokenScopeOf(deployment),
      message: addressToField(holder().account.address),
      time: await blockTime(),
      disclose,
    },
    loadProverArtifacts(20),
  );
  return toSolidityProof(proof).proof;
}
const refresh = (proof: SolidityPersonhoodProof) =>
  send({
    client: test.client,
    wallet: holder(),
    address: deployment.personhoodToken,
    abi: personhoodTokenWithErrorsAbi,
    functionName: "refresh",
    args: [proof],
  });
const simulateRefresh = (proof: SolidityPersonhoodProof, wallet = holder()) =>
  test.client.simulateContract({
    address: deployment.personhoodToken,
    abi: personhoodTokenWithErrorsAbi,
    functionName: "refresh",
    args: [proof],
    account: wallet.account,
  });

beforeAll(async () => {
  test = await localChain();
  deployment = await deployPop({ wallet: governance(), client: test.client, tokenLifetime: LIFETIME });
  await send({
    client: test.client,
    wallet: governance(),
    address: deployment.issuerRegistry,
    abi: issuerRegistryAbi,
    functionName: "addIssuer",
    args: [3n, 1 << 3, issuer.publicKey, [governance().account.address]],
  });
  const now = await blockTime();
  credential = issueCredential({
    issuer,
    commitment: identity.commitment,
    nullifierCommitment: identity.nullifierCommitment,
    kind: "kyc",
    country: 756,
    issuedAt: now - 60,
    expiresAt: now + 86_400,
  });
  await send({
    client: test.client,
    wallet: governance(),
    address: deployment.humanitySet,
    abi: humanitySetAbi,
    functionName: "addMember",
    args: [identity.commitment, identity.nullifierCommitment, packAttributes(credential.attributes)],
  });
  humanitySet.add(credentialLeaf(credential));
});
afterAll(() => test?.chain.stop());

describe("PersonhoodToken validity", () => {
  let tokenId: bigint;

  it("lapses after its lifetime and comes back with a refresh by its holder", async () => {
    const minted = await prove(humanitySet, { kind: true });
    await mintToken({ client: test.client, wallet: holder() }, { token: deployment.personhoodToken, proof: minted });
    tokenId = minted.nullifier;
    expect(await token("lifetime", [])).toBe(BigInt(LIFETIME));
    expect(await token("isValid", [tokenId])).toBe(true);
    await passTime(LIFETIME + 1);
    expect(await token("isValid", [tokenId])).toBe(false);
    const fresh = await prove(humanitySet);
    expect(await revertOf(simulateRefresh(fresh, test.wallets[3]!))).toEqual(["PersonhoodToken__NotHolder", [tokenId]]);
    await refresh(fresh);
    expect(await token("isValid", [tokenId])).toBe(true);
    expect(await token("validUntil", [tokenId])).toBe(BigInt((await blockTime()) + LIFETIME));
  });

  it("cannot be refreshed once the human's leaf is removed, even inside the root window", async () => {
    const before = await prove(humanitySet);
    await send({
      client: test.client,
      wallet: governance(),
      address: deployment.humanitySet,
      abi: humanitySetAbi,
      functionName: "removeMember",
      args: [memberOf(credential), humanitySet.merkleProof(humanitySet.leaves[0]!).siblings],
    });
    expect(await revertOf(simulateRefresh(before))).toEqual(["PersonhoodToken__NotCurrentRoot", [before.merkleRoot]]);
    await passTime(LIFETIME + 1);
    expect(await token("isValid", [tokenId])).toBe(false);
  });
});
