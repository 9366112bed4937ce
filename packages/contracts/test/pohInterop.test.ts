import { revertOf, send } from "@pop/test-utils/chain";
import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { TypedDataEncoder, Wallet } from "ethers";
import { type AbiFunction, type Address, type Hex, toFunctionSelector, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployContract } from "../src/deploy.js";
import { Status } from "../src/generated/enums.js";
import { humanityRegistryAbi } from "../src/generated/humanityRegistry.js";
import { pohConsumerAbi, pohConsumerBytecode } from "./generated/pohConsumer.js";

/**
 * Proof of Humanity integrators use pop's registry unchanged (docs/registry.md#proof-of-humanity-v2):
 * PoH v2's read interface and PoH v1's isRegistered with PoH's selectors and semantics, and
 * PoH v2's EIP-712 vouch, signed here with ethers (an EIP-712 implementation independent of
 * viem and of the contract).
 */

/** PoH v2's IProofOfHumanity read functions and PoH v1's isRegistered, as published, with their outputs. */
const POH_SIGNATURES: [string, string[]][] = [
  ["isClaimed(bytes20)", ["bool"]],
  ["isHuman(address)", ["bool"]],
  ["boundTo(bytes20)", ["address"]],
  ["humanityOf(address)", ["bytes20"]],
  ["getHumanityInfo(bytes20)", ["bool", "bool", "uint48", "uint40", "address", "uint256"]],
  ["getHumanityCount()", ["uint256"]],
  ["isRegistered(address)", ["bool"]],
];
/** The 4-byte selectors of those signatures (PoH's values, fixed here so a rename fails the test). */
const POH_SELECTORS: Hex[] = [
  "0x7883018b",
  "0xf72c436f",
  "0x1a355acb",
  "0xe274f78f",
  "0x68c3d8ff",
  "0xe80a3003",
  "0xc3c5a547",
];

/** What the consumer reads for an account and ID that are not (or no longer) a human: count 1. */
const NOBODY = [false, false, `0x${"00".repeat(20)}`, false, zeroAddress, 1n];

let h: RegistryHarness;
let consumer: Address;

beforeAll(async () => {
  h = await RegistryHarness.start();
  consumer = await deployContract({
    wallet: h.governance,
    client: h.client,
    abi: pohConsumerAbi,
    bytecode: pohConsumerBytecode as Hex,
    args: [h.registry],
  });
});
afterAll(() => h?.stop());

const act = (person: Person) =>
  send({
    client: h.client,
    wallet: person.wallet,
    address: consumer,
    abi: pohConsumerAbi,
    functionName: "act",
    args: [],
  });
const consumerRead = (functionName: "read" | "info", args: readonly unknown[]) =>
  h.client.readContract({ address: consumer, abi: pohConsumerAbi, functionName, args } as never) as Promise<unknown[]>;

describe("Proof of Humanity v2 read interface", () => {
  it("has PoH's selectors and output types, in the consumer's own declaration and on the registry", () => {
    expect(POH_SIGNATURES.map(([signature]) => toFunctionSelector(signature))).toEqual(POH_SELECTORS);
    const functions = (abi: readonly unknown[]) =>
      new Map(
        (abi as AbiFunction[])
          .filter((item) => item.type === "function")
          .map((item) => [toFunctionSelector(item), item.outputs.map((output) => output.type)]),
      );
    const registry = functions(humanityRegistryAbi);
    for (const [i, [, outputs]] of POH_SIGNATURES.entries()) {
      expect(registry.get(POH_SELECTORS[i]!)).toEqual(outputs);
      // The consumer's compiled calls push the same four bytes.
      expect(pohConsumerBytecode).toContain(`63${POH_SELECTORS[i]!.slice(2)}`);
    }
  });

  it("a consumer written against PoH's signatures reads the right answers and gates an action on them", async () => {
    const genesis = await h.seeded();
    const person = await h.person();
    const stranger = await h.person();
    expect((await consumerRead("read", [person.address, person.id]))[5]).toBe(0n);
    await h.register(person, genesis);
    const record = await h.humanity(person.id);
    expect(await consumerRead("read", [person.address, person.id])).toEqual([
      true,
      true,
      person.id,
      true,
      person.address,
      1n,
    ]);
    expect(await consumerRead("info", [person.id])).toEqual([
      false,
      false,
      0,
      Number(record.expirationTime),
      person.address,
      1n,
    ]);
    expect(await consumerRead("read", [stranger.address, stranger.id])).toEqual(NOBODY);
    await act(person);
    expect(await revertOf(act(person))).toEqual(["PohConsumer__Acted", [person.id]]);
    expect(await revertOf(act(stranger))).toEqual(["PohConsumer__NotHuman", [stranger.address]]);
    // Expired: PoH's views forget the binding (the registry still keeps its N).
    await h.passTime(record.expirationTime - (await h.now()));
    expect(await consumerRead("read", [person.address, person.id])).toEqual(NOBODY);
  });
});

describe("Proof of Humanity v2 signed vouches", () => {
  it("accepts in advanceState a vouch signed with ethers over PoH v2's EIP-712 domain and type", async () => {
    const voucher = await h.seeded();
    const claimer = await h.person();
    const requestId = await h.claim(claimer);
    const expirationTimestamp = (await h.now()) + 3600n;
    // PoH v2's domain: name "Proof of Humanity", the chain id and the contract, no version.
    const domain = { name: "Proof of Humanity", chainId: await h.client.getChainId(), verifyingContract: h.registry };
    const types = {
      IsHumanVoucher: [
        { name: "vouched", type: "address" },
        { name: "humanityId", type: "bytes20" },
        { name: "expirationTimestamp", type: "uint256" },
      ],
    };
    const value = { vouched: claimer.address, humanityId: claimer.id, expirationTimestamp };
    expect(TypedDataEncoder.from(types).encodeType("IsHumanVoucher")).toBe(
      "IsHumanVoucher(address vouched,bytes20 humanityId,uint256 expirationTimestamp)",
    );
    expect(await h.read("vouchDigest", [claimer.address, claimer.id, expirationTimestamp])).toBe(
      TypedDataEncoder.hash(domain, types, value),
    );
    const signature = await new Wallet(voucher.key).signTypedData(domain, types, value);
    await h.call(claimer.wallet, "advanceState", [claimer.address, [], [{ expirationTimestamp, signature }]]);
    const request = await h.request(requestId);
    expect([request.status, request.vouches]).toEqual([Status.Resolving, [voucher.id]]);
  });
});
