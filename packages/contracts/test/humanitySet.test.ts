import { InputError } from "@pop/core/errors";
import { packAttributes, unpackAttributes } from "@pop/protocol/attributes";
import { credentialLeaf } from "@pop/protocol/credential";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity, rotateAuthenticator } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { localChain, revertOf, send as sendCall } from "@pop/test-utils/chain";
import type { PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addIssuerOnChain } from "../src/actions/addIssuerOnChain.js";
import type { LocalChain } from "../src/anvil.js";
import { type Deployer, type Deployment, deployPop } from "../src/deploy.js";
import { humanitySetAbi } from "../src/generated/humanitySet.js";
import { issuerRegistryAbi } from "../src/generated/issuerRegistry.js";
import { readHumanitySet } from "../src/readHumanitySet.js";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

let chain: LocalChain;
let client: PublicClient;
let governance: Deployer;
let registrar: Deployer;
let stranger: Deployer;
let deployment: Deployment;

const kyc = createIssuer({ issuerId: 700, name: "kyc" });
const registry = createIssuer({ issuerId: 5, name: "registry" });
const issuedAt = 1_800_000_000;
const attributesFor = (issuerId: number, kind: "kyc" | "registry" | "biometric") =>
  packAttributes({ issuerId, kind, country: 756, issuedAt, expiresAt: issuedAt + 1000 });

const send = (
  wallet: Deployer,
  functionName: string,
  args: readonly unknown[],
  abi: readonly unknown[] = humanitySetAbi,
) =>
  sendCall({
    client,
    wallet,
    address: abi === humanitySetAbi ? deployment.humanitySet : deployment.issuerRegistry,
    abi,
    functionName,
    args,
  });
const revertName = revertOf;

const read = (functionName: string, args: readonly unknown[] = []) =>
  client.readContract({
    address: deployment.humanitySet,
    abi: humanitySetAbi,
    functionName,
    args,
  } as never) as Promise<unknown>;
const issuerRoot = () =>
  client.readContract({ address: deployment.issuerRegistry, abi: issuerRegistryAbi, functionName: "issuerRoot" });

beforeAll(async () => {
  let wallets: Deployer[];
  ({ chain, client, wallets } = await localChain());
  [governance, registrar, stranger] = wallets as [Deployer, Deployer, Deployer];
  deployment = await deployPop({ wallet: governance, client });
});
afterAll(() => chain?.stop());

describe("IssuerRegistry on anvil", () => {
  it("has the TypeScript issuer-set root when empty, after adds and after a revoke", async () => {
    const set = new IssuerSet();
    expect(await issuerRoot()).toBe(set.root());
    for (const [issuer, kinds] of [
      [kyc, 1 << 3],
      [registry, 1 << 1],
    ] as const) {
      await send(
        governance,
        "addIssuer",
        [BigInt(issuer.issuerId), kinds, issuer.publicKey, [registrar.account.address]],
        issuerRegistryAbi,
      );
      set.add(issuer);
      expect(await issuerRoot()).toBe(set.root());
    }
    const temporary = createIssuer({ issuerId: 1023, name: "temporary" });
    await send(governance, "addIssuer", [1023n, 1 << 2, temporary.publicKey, []], issuerRegistryAbi);
    set.add(temporary);
    await send(governance, "revokeIssuer", [1023n], issuerRegistryAbi);
    set.revoke(1023);
    expect(await issuerRoot()).toBe(set.root());
  });

  it("refuses governance calls from anyone but the owner, and reused or invalid ids", async () => {
    const call = (wallet: Deployer, args: readonly unknown[]) =>
      client.simulateContract({
        address: deployment.issuerRegistry,
        abi: issuerRegistryAbi,
        functionName: "addIssuer",
        args,
        account: wallet.account,
      } as never);
    expect((await revertName(call(stranger, [9n, 8, [1n, 2n], []])))[0]).toBe("OwnableUnauthorizedAccount");
    expect(await revertName(call(governance, [1023n, 8, [1n, 2n], []]))).toEqual([
      "IssuerRegistry__IssuerIdTaken",
      [1023n],
    ]);
    expect(await revertName(call(governance, [1024n, 8, [1n, 2n], []]))).toEqual([
      "IssuerRegistry__InvalidIssuerId",
      [1024n],
    ]);
    expect(await revertName(call(governance, [9n, 1, [1n, 2n], []]))).toEqual(["IssuerRegistry__InvalidKinds", [1]]);
  });

  it.each([
    [
      "the identity (0, 1)",
      [0n, 1n],
      "is a point of small order (the identity (0, 1) is one): it would accept any signature",
    ],
    ["a point off the curve", [1n, 2n], "is not a point on the Baby JubJub curve"],
    [
      "a point of order 2",
      [0n, R - 1n],
      "is a point of small order (the identity (0, 1) is one): it would accept any signature",
    ],
  ] as const)("addIssuerOnChain refuses %s as a key before anything is sent", async (_, publicKey, message) => {
    const nonce = await client.getTransactionCount({ address: governance.account.address });
    const root = await issuerRoot();
    await expect(
      addIssuerOnChain(
        { client, wallet: governance },
        { issuerRegistry: deployment.issuerRegistry, issuer: { issuerId: 42, publicKey } },
      ),
    ).rejects.toThrow(new InputError(`issuer.publicKey ${message}`));
    expect(await client.getTransactionCount({ address: governance.account.address })).toBe(nonce);
    expect(await issuerRoot()).toBe(root);
  });
});

describe("HumanitySet on anvil", () => {
  const local = new HumanitySet();

  it("computes each leaf on chain; its root equals the TypeScript set's", async () => {
    for (let i = 0; i < 5; i++) {
      const identity = createIdentity();
      const attributes = attributesFor(700, "kyc");
      await send(registrar, "addMember", [identity.commitment, identity.nullifierCommitment, attributes]);
      const leaf = credentialLeaf({ ...identity, attributes: unpackAttributes(attributes) });
      local.add(leaf);
      expect(await read("hasLeaf", [leaf])).toBe(true);
      expect(await read("root")).toBe(local.root);
    }
  });

  it("accepts a leaf only from a registrar of its issuer and kind", async () => {
    const { commitment, nullifierCommitment } = createIdentity();
    const simulate = (wallet: Deployer, attributes: bigint) =>
      client.simulateContract({
        address: deployment.humanitySet,
        abi: humanitySetAbi,
        functionName: "addMember",
        args: [commitment, nullifierCommitment, attributes],
        account: wallet.account,
      });
    expect(await revertName(simulate(stranger, attributesFor(700, "kyc")))).toEqual([
      "HumanitySet__NotRegistrar",
      [stranger.account.address, 700n, 3n],
    ]);
    // The registrar may add kyc leaves for issuer 700, but not biometric ones.
    expect(await revertName(simulate(registrar, attributesFor(700, "biometric")))).toEqual([
      "HumanitySet__NotRegistrar",
      [registrar.account.address, 700n, 2n],
    ]);
    // Nobody adds for a revoked issuer.
    expect((await revertName(simulate(registrar, attributesFor(1023, "biometric"))))[0]).toBe(
      "HumanitySet__NotRegistrar",
    );
    expect(await revertName(simulate(registrar, attributesFor(700, "kyc") | (1n << 104n)))).toEqual([
      "HumanitySet__InvalidAttributes",
      [attributesFor(700, "kyc") | (1n << 104n)],
    ]);
  });

  it("refuses a country code above 999, as every TypeScript layer does (the circuit's field holds 10 bits)", async () => {
    const withCountry = (country: bigint) => (attributesFor(700, "kyc") & ~(0x3ffn << 14n)) | (country << 14n);
    const simulate = (attributes: bigint) =>
      client.simulateContract({
        address: deployment.humanitySet,
        abi: humanitySetAbi,
        functionName: "addMember",
        args: [createIdentity().commitment, createIdentity().nullifierCommitment, attributes],
        account: registrar.account,
      });
    for (const country of [1000n, 1023n]) {
      expect(await revertName(simulate(withCountry(country)))).toEqual(["HumanitySet__InvalidCountry", [country]]);
    }
    expect(withCountry(756n)).toBe(attributesFor(700, "kyc"));
    const identity = createIdentity();
    await send(registrar, "addMember", [identity.commitment, identity.nullifierCommitment, withCountry(999n)]);
    const leaf = credentialLeaf({ ...identity, attributes: unpackAttributes(withCountry(999n)) });
    expect(await read("hasLeaf", [leaf])).toBe(true);
  });

  it("keeps a superseded root valid for the window, then refuses it", async () => {
    const old = (await read("root")) as bigint;
    const { commitment, nullifierCommitment } = createIdentity();
    await send(registrar, "addMember", [commitment, nullifierCommitment, attributesFor(5, "registry")]);
    expect(await read("isValidRoot", [old])).toBe(true);
    await client.request({ method: "evm_increaseTime" as never, params: [3601] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    expect(await read("isValidRoot", [old])).toBe(false);
    expect(await read("isValidRoot", [await read("root")])).toBe(true);
    expect(await read("isValidRoot", [0n])).toBe(false);
  });
});

describe("HumanitySet v2: the nullifier commitment stays with its member", () => {
  const member = (identity: { commitment: bigint; nullifierCommitment: bigint }, attributes: bigint) => ({
    commitment: identity.commitment,
    nullifierCommitment: identity.nullifierCommitment,
    attributes,
  });
  const tree = () => readHumanitySet({ client, address: deployment.humanitySet });

  it("updates c and the attributes in place, keeping N; the root follows the TypeScript set", async () => {
    const human = createIdentity();
    const attributes = attributesFor(700, "kyc");
    await send(registrar, "addMember", [human.commitment, human.nullifierCommitment, attributes]);
    const set = await tree();
    const oldLeaf = credentialLeaf({ ...human, attributes: unpackAttributes(attributes) });
    const rotated = rotateAuthenticator(human);
    const renewed = attributesFor(700, "kyc") + (1n << 64n);
    await send(registrar, "updateMember", [
      member(human, attributes),
      member(rotated, renewed),
      set.merkleProof(oldLeaf).siblings,
    ]);
    const leaf = credentialLeaf({ ...rotated, attributes: unpackAttributes(renewed) });
    set.update(oldLeaf, leaf);
    expect([await read("hasLeaf", [oldLeaf]), await read("hasLeaf", [leaf])]).toEqual([false, true]);
    expect(await read("root")).toBe(set.root);
  });

  it("refuses an update to another N, and a zero or out-of-field N anywhere", async () => {
    const human = createIdentity();
    const attributes = attributesFor(700, "kyc");
    await send(registrar, "addMember", [human.commitment, human.nullifierCommitment, attributes]);
    const set = await tree();
    const siblings = set.merkleProof(credentialLeaf({ ...human, attributes: unpackAttributes(attributes) })).siblings;
    const other = createIdentity();
    const simulate = (functionName: string, args: readonly unknown[]) =>
      client.simulateContract({
        address: deployment.humanitySet,
        abi: humanitySetAbi,
        functionName,
        args,
        account: registrar.account,
      } as never);
    expect(
      await revertName(
        simulate("updateMember", [
          member(human, attributes),
          { ...member(human, attributes), nullifierCommitment: other.nullifierCommitment },
          siblings,
        ]),
      ),
    ).toEqual(["HumanitySet__NullifierCommitmentChanged", [human.nullifierCommitment, other.nullifierCommitment]]);
    for (const bad of [0n, R]) {
      expect(await revertName(simulate("addMember", [other.commitment, bad, attributes]))).toEqual([
        "HumanitySet__InvalidNullifierCommitment",
        [bad],
      ]);
    }
    // A leaf named with another N is not the member's: removal finds no such leaf.
    const removal = await revertName(
      simulate("removeMember", [
        { ...member(human, attributes), nullifierCommitment: other.nullifierCommitment },
        siblings,
      ]),
    );
    expect(removal[0]).toBe("LeafDoesNotExist");
  });
});
