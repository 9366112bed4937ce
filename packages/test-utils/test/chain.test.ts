import { devAccounts } from "@pop/contracts/devAccounts";
import { ChainError } from "@pop/core/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localChain, revertOf, type TestChain } from "../src/chain.js";

let test: TestChain;

beforeAll(async () => {
  test = await localChain({ chainId: 31338 });
});
afterAll(() => test?.chain.stop());

describe("localChain", () => {
  it("serves the chain id asked for, with one funded wallet per development account, in order", async () => {
    expect(await test.client.getChainId()).toBe(31338);
    expect(test.wallets.map((wallet) => wallet.account.address)).toEqual(devAccounts().map((a) => a.address));
    expect(await test.client.getBalance({ address: test.wallets[0]!.account.address })).toBe(10_000n * 10n ** 18n);
  });
});

describe("revertOf", () => {
  it("refuses a call that succeeded with a ChainError", async () => {
    await expect(revertOf(Promise.resolve())).rejects.toThrow(
      new ChainError("expected a revert, but the call succeeded"),
    );
    await expect(revertOf(Promise.resolve())).rejects.toBeInstanceOf(ChainError);
  });

  it("passes on an error that is not a revert", async () => {
    const error = new ChainError("unreachable");
    await expect(revertOf(Promise.reject(error))).rejects.toBe(error);
  });
});
