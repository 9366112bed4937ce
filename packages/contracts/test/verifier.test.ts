import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { packAttributes } from "@pop/protocol/attributes";
import { type Credential, credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { type DisclosureChoice, generatePersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity, type PopIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { contractAppId, scopeOfField } from "@pop/protocol/scope";
import { localChain, revertOf, send } from "@pop/test-utils/chain";
import { type PublicClient, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken, personhoodTokenWithErrorsAbi } from "../src/actions/mintToken.js";
import type { LocalChain } from "../src/anvil.js";
import { type Deployer, type Deployment, deployPop } from "../src/deploy.js";
import { humanitySetAbi } from "../src/generated/humanitySet.js";
import { issuerRegistryAbi } from "../src/generated/issuerRegistry.js";
import { personhoodTokenAbi } from "../src/generated/personhoodToken.js";
import { personhoodVerifierAbi } from "../src/generated/personhoodVerifier.js";
import { addressToField, type SolidityPersonhoodProof, toSolidityProof } from "../src/solidityProof.js";
import { tokenScopeOf } from "../src/tokenScope.js";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
let chain: LocalChain;
let client: PublicClient;
let governance: Deployer;
let registrar: Deployer;
let holder: Deployer;
let deployment: Deployment;

const issuer = createIssuer({ issuerId: 700, name: "kyc" });
const issuerSet = new IssuerSet();
let humanitySet = new HumanitySet();
const people: { identity: PopIdentity; credential: Credential }[] = [];

async function blockTime(): Promise<number> {
  return Number((await client.getBlock()).timestamp);
}

async function prove(person: number, scope: bigint, message: bigint, disclose: DisclosureChoice = {}) {
  const proof = await generatePersonhoodProof(
    { ...people[person]!, humanitySet, issuerSet, scope, message, time: await blockTime(), disclose },
    loadProverArtifacts(20),
  );
  return toSolidityProof(proof);
}

const verifyView = (proof: SolidityPersonhoodProof, scope: bigint, message: bigint) =>
  client.readContract({
    address: deployment.personhoodVerifier,
    abi: personhoodVerifierAbi,
    functionName: "verify",
    args: [proof, scope, message],
  });
const consume = (wallet: Deployer, proof: SolidityPersonhoodProof, action: bigint, message: bigint) =>
  send({
    client,
    wallet,
    address: deployment.personhoodVerifier,
    abi: personhoodVerifierAbi,
    functionName: "verifyAndConsume",
    args: [proof, action, message],
  });
const simulateConsume = (wallet: Deployer, proof: SolidityPersonhoodProof, action: bigint, message: bigint) =>
  client.simulateContract({
    address: deployment.personhoodVerifier,
    abi: personhoodVerifierAbi,
    functionName: "verifyAndConsume",
    args: [proof, action, message],
    account: wallet.account,
  });
/** The scope verifyAndConsume derives for a caller: the action in the caller's app on this chain. */
const scopeFor = (caller: Deployer, action: bigint) =>
  scopeOfField({ appId: contractAppId({ chainId: 31337, contract: caller.account.address }), action });

async function addMember(identity: PopIdentity, credential: Credential) {
  await send({
    client,
    wallet: registrar,
    address: deployment.humanitySet,
    abi: humanitySetAbi,
    functionName: "addMember",
    args: [identity.commitment, identity.nullifierCommitment, packAttributes(credential.attributes)],
  });
  humanitySet.add(credentialLeaf(credential));
}

beforeAll(async () => {
  let wallets: Deployer[];
  ({ chain, client, wallets } = await localChain());
  [governance, registrar, holder] = wallets as [Deployer, Deployer, Deployer];
  deployment = await deployPop({ wallet: governance, client });
  await send({
    client,
    wallet: governance,
    address: deployment.issuerRegistry,
    abi: issuerRegistryAbi,
    functionName: "addIssuer",
    args: [700n, 1 << 3, issuer.publicKey, [registrar.account.address]],
  });
  issuerSet.add(issuer);
  const now = await blockTime();
  for (let i = 0; i < 3; i++) {
    const identity = createIdentity();
    const credential = issueCredential({
      issuer,
      commitment: identity.commitment,
      nullifierCommitment: identity.nullifierCommitment,
      kind: "kyc",
      country: 756,
      issuedAt: now - 60,
      expiresAt: now + 86_400,
    });
    people.push({ identity, credential });
    await addMember(identity, credential);
  }
});
afterAll(() => chain?.stop());

describe("PersonhoodVerifier on anvil", () => {
  const scope = textToField("vote-1");
  const message = textToField("yes");
  let proof: SolidityPersonhoodProof;

  beforeAll(async () => {
    ({ proof } = await prove(0, scope, message));
  });

  it("hashes scope and message as the TypeScript library does", async () => {
    const onChain = await client.readContract({
      address: deployment.personhoodVerifier,
      abi: personhoodVerifierAbi,
      functionName: "hashToField",
      args: [toHex(new TextEncoder().encode("vote-1"))],
    });
    expect(onChain).toBe(scope);
  });

  it("verifies a proof made by the TypeScript prover against the on-chain roots", async () => {
    await expect(verifyView(proof, scope, message)).resolves.toBeUndefined();
  });

  it("derives the scope from the caller, records the nullifier, and refuses it the second time", async () => {
    const action = scope;
    const bound = (await prove(0, scopeFor(holder, action), message)).proof;
    // A proof for the raw scope is a proof for no consumer: verifyAndConsume derives another.
    expect(await revertOf(simulateConsume(holder, proof, action, message))).toEqual([
      "PersonhoodVerifier__InvalidProof",
      [],
    ]);
    await consume(holder, bound, action, message);
    expect(await revertOf(simulateConsume(holder, bound, action, message))).toEqual([
      "PersonhoodVerifier__NullifierUsed",
      [scopeFor(holder, action), bound.nullifier],
    ]);
    // Another consumer cannot use (or burn) the holder's proof: its scope is another.
    expect(await revertOf(simulateConsume(registrar, bound, action, message))).toEqual([
      "PersonhoodVerifier__InvalidProof",
      [],
    ]);
  });

  it("refuses a public input at or above the field modulus, a tampered message, an unknown build", async () => {
    expect(await revertOf(verifyView({ ...proof, nullifier: proof.nullifier + R }, scope, message))).toEqual([
      "PersonhoodVerifier__NotInField",
      [proof.nullifier + R],
    ]);
    expect(await revertOf(verifyView(proof, scope, message + R))).toEqual([
      "PersonhoodVerifier__NotInField",
      [message + R],
    ]);
    expect(await revertOf(verifyView(proof, scope, message + 1n))).toEqual(["PersonhoodVerifier__InvalidProof", []]);
    expect(await revertOf(verifyView({ ...proof, disclosure: proof.disclosure ^ 1n }, scope, message))).toEqual([
      "PersonhoodVerifier__InvalidProof",
      [],
    ]);
    // A disclosure no circuit outputs (bits past its 56-bit layout) is refused by name.
    expect(
      await revertOf(verifyView({ ...proof, disclosure: proof.disclosure | (1n << 56n) }, scope, message)),
    ).toEqual(["PersonhoodVerifier__InvalidDisclosure", [proof.disclosure | (1n << 56n)]]);
    expect(await revertOf(verifyView({ ...proof, maxDepth: 32n }, scope, message))).toEqual([
      "PersonhoodVerifier__InvalidProof",
      [],
    ]);
    expect(await revertOf(verifyView({ ...proof, maxDepth: 16n }, scope, message))).toEqual([
      "PersonhoodVerifier__UnsupportedDepth",
      [16n],
    ]);
  });

  it("accepts a superseded root inside the window and refuses it after; refuses old proofs", async () => {
    const snapshot = await client.request({ method: "evm_snapshot" as never, params: [] as never });
    const leavesBefore = humanitySet.leaves;
    const now = await blockTime();
    const newcomer = createIdentity();
    await addMember(
      newcomer,
      issueCredential({
        issuer,
        commitment: newcomer.commitment,
        nullifierCommitment: newcomer.nullifierCommitment,
        kind: "kyc",
        country: 4,
        issuedAt: now - 60,
        expiresAt: now + 86_400,
      }),
    );
    await expect(verifyView(proof, scope, message)).resolves.toBeUndefined();
    await client.request({ method: "evm_increaseTime" as never, params: [3601] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    expect(await revertOf(verifyView(proof, scope, message))).toEqual([
      "PersonhoodVerifier__UnknownRoot",
      [proof.merkleRoot],
    ]);
    const { proof: fresh } = await prove(1, scope, message);
    // The proof's time is bits 16-55 of the disclosure signal.
    const shifted = (seconds: bigint) => ({ ...fresh, disclosure: fresh.disclosure + (seconds << 16n) });
    const time = fresh.disclosure >> 16n;
    expect(await revertOf(verifyView(shifted(-3700n), scope, message))).toEqual([
      "PersonhoodVerifier__ProofTooOld",
      [time - 3700n],
    ]);
    expect(await revertOf(verifyView(shifted(400n), scope, message))).toEqual([
      "PersonhoodVerifier__ProofFromFuture",
      [time + 400n],
    ]);
    await client.request({ method: "evm_revert" as never, params: [snapshot] as never });
    humanitySet = new HumanitySet(leavesBefore);
  });
});

describe("PersonhoodToken on anvil", () => {
  let tokenScope: bigint;
  beforeAll(async () => {
    tokenScope = tokenScopeOf(deployment);
    // The token computed the same scope, bound to its own chain and address.
    expect(await token("scope", [])).toBe(tokenScope);
    expect(await token("action", [])).toBe(textToField("pop-personhood-token"));
  });
  const mint = (wallet: Deployer, proof: SolidityPersonhoodProof) =>
    mintToken({ client, wallet }, { token: deployment.personhoodToken, proof });
  const simulateMint = (wallet: Deployer, proof: SolidityPersonhoodProof) =>
    client.simulateContract({
      address: deployment.personhoodToken,
      abi: personhoodTokenWithErrorsAbi,
      functionName: "mint",
      args: [proof],
      account: wallet.account,
    });
  const token = (functionName: string, args: readonly unknown[]) =>
    client.readContract({
      address: deployment.personhoodToken,
      abi: personhoodTokenAbi,
      functionName,
      args,
    } as never) as Promise<unknown>;

  it("mints one locked token per person, recording the credential kind", async () => {
    const { proof } = await prove(2, tokenScope, addressToField(holder.account.address), { kind: true });
    await mint(holder, proof);
    expect(await token("ownerOf", [proof.nullifier])).toBe(holder.account.address);
    expect(await token("locked", [proof.nullifier])).toBe(true);
    expect(await token("kindOf", [proof.nullifier])).toBe(3n);
    const again = await prove(2, tokenScope, addressToField(holder.account.address), { kind: true });
    expect((await revertOf(simulateMint(holder, again.proof)))[0]).toBe("PersonhoodVerifier__NullifierUsed");
  });

  it("never moves: every transfer path and approvals revert", async () => {
    const tokenId = (await prove(2, tokenScope, addressToField(holder.account.address), { kind: true })).proof
      .nullifier;
    const call = (functionName: string, args: readonly unknown[]) =>
      client.simulateContract({
        address: deployment.personhoodToken,
        abi: personhoodTokenAbi,
        functionName,
        args,
        account: holder.account,
      } as never);
    const to = registrar.account.address;
    for (const [name, args] of [
      ["transferFrom", [holder.account.address, to, tokenId]],
      ["safeTransferFrom", [holder.account.address, to, tokenId]],
      ["approve", [to, tokenId]],
      ["setApprovalForAll", [to, true]],
    ] as const) {
      expect((await revertOf(call(name, args)))[0]).toBe("PersonhoodToken__Soulbound");
    }
    expect(await token("supportsInterface", ["0xb45a3c0e"])).toBe(true);
  });

  it("refuses a proof bound to another address or hiding the kind", async () => {
    const forOther = await prove(1, tokenScope, addressToField(registrar.account.address), { kind: true });
    expect(await revertOf(simulateMint(holder, forOther.proof))).toEqual(["PersonhoodVerifier__InvalidProof", []]);
    const hidden = await prove(1, tokenScope, addressToField(holder.account.address));
    expect(await revertOf(simulateMint(holder, hidden.proof))).toEqual(["PersonhoodToken__KindNotDisclosed", []]);
  });
});

describe("issuer-set roots on chain", () => {
  const addIssuer = (issuerId: bigint) =>
    send({
      client,
      wallet: governance,
      address: deployment.issuerRegistry,
      abi: issuerRegistryAbi,
      functionName: "addIssuer",
      args: [issuerId, 1 << 3, createIssuer({ issuerId: Number(issuerId), name: "new" }).publicKey, []],
    });
  const revokeIssuer = (issuerId: bigint) =>
    send({
      client,
      wallet: governance,
      address: deployment.issuerRegistry,
      abi: issuerRegistryAbi,
      functionName: "revokeIssuer",
      args: [issuerId],
    });

  it("an added issuer leaves proofs in flight valid for the root window, and no longer", async () => {
    const snapshot = await client.request({ method: "evm_snapshot" as never, params: [] as never });
    const scope = textToField("in-flight");
    const { proof } = await prove(1, scope, 1n);
    await addIssuer(701n);
    await expect(verifyView(proof, scope, 1n)).resolves.toBeUndefined();
    await client.request({ method: "evm_increaseTime" as never, params: [3601] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    expect(await revertOf(verifyView(proof, scope, 1n))).toEqual([
      "PersonhoodVerifier__StaleIssuerRoot",
      [proof.issuerRoot],
    ]);
    await client.request({ method: "evm_revert" as never, params: [snapshot] as never });
  });

  it("a revocation ends every superseded root at once, inside the window too", async () => {
    const snapshot = await client.request({ method: "evm_snapshot" as never, params: [] as never });
    const scope = textToField("in-flight-2");
    await addIssuer(702n);
    const withNew = new IssuerSet();
    withNew.add(issuer);
    withNew.add(createIssuer({ issuerId: 702, name: "new" }));
    const { proof } = toSolidityProof(
      await generatePersonhoodProof(
        { ...people[1]!, humanitySet, issuerSet: withNew, scope, message: 1n, time: await blockTime() },
        loadProverArtifacts(20),
      ),
    );
    await addIssuer(703n);
    await expect(verifyView(proof, scope, 1n)).resolves.toBeUndefined();
    // The proof's root holds issuer 702: once 702 is revoked no superseded root may stand.
    await revokeIssuer(702n);
    expect(await revertOf(verifyView(proof, scope, 1n))).toEqual([
      "PersonhoodVerifier__StaleIssuerRoot",
      [proof.issuerRoot],
    ]);
    await client.request({ method: "evm_revert" as never, params: [snapshot] as never });
  });
});

describe("issuer revocation on chain", () => {
  it("makes every proof of the issuer's members stale at once", async () => {
    const scope = textToField("after-revocation");
    const { proof } = await prove(1, scope, 1n);
    await send({
      client,
      wallet: governance,
      address: deployment.issuerRegistry,
      abi: issuerRegistryAbi,
      functionName: "revokeIssuer",
      args: [700n],
    });
    expect(await revertOf(verifyView(proof, scope, 1n))).toEqual([
      "PersonhoodVerifier__StaleIssuerRoot",
      [proof.issuerRoot],
    ]);
  });
});
