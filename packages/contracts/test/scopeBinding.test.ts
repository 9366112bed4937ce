import { readFileSync } from "node:fs";
import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { contractAppId, scopeOfField } from "@pop/protocol/scope";
import { localChain, revertOf, send, type TestChain } from "@pop/test-utils/chain";
import type { Address, Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../src/actions/addMember.js";
import { type Deployment, deployContract, deployPop } from "../src/deploy.js";
import { issuerRegistryAbi } from "../src/generated/issuerRegistry.js";
import { personhoodVerifierAbi } from "../src/generated/personhoodVerifier.js";
import { type SolidityPersonhoodProof, toSolidityProof } from "../src/solidityProof.js";
import { actionConsumerAbi, actionConsumerBytecode } from "./generated/actionConsumer.js";

// Scopes bound to their app (docs/architecture.md, decision 10): two consumer contracts on one
// chain and a twin of the first on a second chain, at the same address. A proof made for one
// consumer is refused by the others; the consumer refuses a nullifier the second time.

const action = textToField("vote-2027");
const message = textToField("yes");
const issuer = createIssuer({ issuerId: 9, name: "kyc" });
const issuerSet = new IssuerSet();
issuerSet.add(issuer);
const humanitySet = new HumanitySet();
const identity = createIdentity();
let chains: [TestChain, TestChain];
let deployments: [Deployment, Deployment];
let consumers: { a: Address; b: Address; twin: Address };

type Vectors = {
  contractAppIds: { chainId: number; contract: Address; appId: string }[];
  scopes: { appId: string; actionField: string; scope: string }[];
};
const vectors = JSON.parse(
  readFileSync(new URL("../../../test-vectors/scope.json", import.meta.url), "utf8"),
) as Vectors;

async function setUp(test: TestChain, now: number) {
  const [governance] = test.wallets as [TestChain["wallets"][0]];
  const deployment = await deployPop({ wallet: governance, client: test.client });
  await send({
    client: test.client,
    wallet: governance,
    address: deployment.issuerRegistry,
    abi: issuerRegistryAbi,
    functionName: "addIssuer",
    args: [9n, 1 << 3, issuer.publicKey, [governance.account.address]],
  });
  const credential = issueCredential({
    issuer,
    commitment: identity.commitment,
    nullifierCommitment: identity.nullifierCommitment,
    kind: "kyc",
    country: 756,
    issuedAt: now - 60,
    expiresAt: now + 86_400,
  });
  await addMember({ client: test.client, wallet: governance }, { humanitySet: deployment.humanitySet, ...credential });
  const consumer = () =>
    deployContract({
      wallet: governance,
      client: test.client,
      abi: actionConsumerAbi,
      bytecode: actionConsumerBytecode as Hex,
      args: [deployment.personhoodVerifier, action],
    });
  return { deployment, credential, first: await consumer(), second: await consumer() };
}

async function proveFor(consumer: Address, chainId: number, credential: ReturnType<typeof issueCredential>) {
  const time = Number((await chains[0].client.getBlock()).timestamp);
  const scope = scopeOfField({ appId: contractAppId({ chainId, contract: consumer }), action });
  const proof = await generatePersonhoodProof(
    { identity, credential, humanitySet, issuerSet, scope, message, time },
    loadProverArtifacts(20),
  );
  return toSolidityProof(proof).proof;
}

const act = (test: TestChain, consumer: Address, proof: SolidityPersonhoodProof) =>
  send({
    client: test.client,
    wallet: test.wallets[1]!,
    address: consumer,
    abi: actionConsumerAbi,
    functionName: "act",
    args: [proof, message],
  });
const simulateAct = (test: TestChain, consumer: Address, proof: SolidityPersonhoodProof) =>
  test.client.simulateContract({
    address: consumer,
    abi: [...actionConsumerAbi, ...personhoodVerifierAbi.filter((item) => item.type === "error")],
    functionName: "act",
    args: [proof, message],
    account: test.wallets[1]!.account,
  });

let credential: ReturnType<typeof issueCredential>;

beforeAll(async () => {
  chains = [await localChain({ chainId: 31337 }), await localChain({ chainId: 31338 })];
  const now = Number((await chains[0].client.getBlock()).timestamp);
  const [one, two] = [await setUp(chains[0], now), await setUp(chains[1], now)];
  credential = one.credential;
  humanitySet.add(credentialLeaf(credential));
  deployments = [one.deployment, two.deployment];
  consumers = { a: one.first, b: one.second, twin: two.first };
}, 120_000);
afterAll(async () => {
  await Promise.all(chains.map((test) => test.chain.stop()));
});

describe("scopes bound to their consumer and chain", () => {
  it("the verifier derives app ids and scopes as the shared vectors say", async () => {
    const read = (functionName: "appIdOf" | "scopeOf", args: readonly [bigint, Address] | readonly [bigint, bigint]) =>
      chains[0].client.readContract({
        address: deployments[0].personhoodVerifier,
        abi: personhoodVerifierAbi,
        functionName,
        args,
      } as never) as Promise<bigint>;
    for (const v of vectors.contractAppIds) {
      expect((await read("appIdOf", [BigInt(v.chainId), v.contract])).toString()).toBe(v.appId);
    }
    for (const v of vectors.scopes) {
      expect((await read("scopeOf", [BigInt(v.appId), BigInt(v.actionField)])).toString()).toBe(v.scope);
    }
  });

  it("a proof accepted by consumer A is refused by consumer B and by A's twin on another chain, and twice at A", async () => {
    expect(consumers.twin).toBe(consumers.a);
    const proof = await proveFor(consumers.a, 31337, credential);
    expect(await revertOf(simulateAct(chains[0], consumers.b, proof))).toEqual([
      "PersonhoodVerifier__InvalidProof",
      [],
    ]);
    expect(await revertOf(simulateAct(chains[1], consumers.twin, proof))).toEqual([
      "PersonhoodVerifier__InvalidProof",
      [],
    ]);
    await act(chains[0], consumers.a, proof);
    const scope = scopeOfField({ appId: contractAppId({ chainId: 31337, contract: consumers.a }), action });
    expect(await revertOf(simulateAct(chains[0], consumers.a, proof))).toEqual([
      "PersonhoodVerifier__NullifierUsed",
      [scope, proof.nullifier],
    ]);
    // B and the twin take the same human once each, with nullifiers that do not link to A's.
    const atB = await proveFor(consumers.b, 31337, credential);
    const atTwin = await proveFor(consumers.twin, 31338, credential);
    await act(chains[0], consumers.b, atB);
    await act(chains[1], consumers.twin, atTwin);
    expect(new Set([proof.nullifier, atB.nullifier, atTwin.nullifier]).size).toBe(3);
  });
});
