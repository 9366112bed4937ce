import type { LocalChain } from "@pop/contracts/anvil";
import type { Deployer } from "@pop/contracts/deploy";
import { InputError } from "@pop/core/errors";
import { localChain } from "@pop/test-utils/chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundingLinks } from "../src/fundingLinks.js";

let chain: LocalChain;
let client: Awaited<ReturnType<typeof localChain>>["client"];
let w: Deployer[];

async function pay(from: Deployer, to: Deployer, value: bigint) {
  const hash = await from.sendTransaction({ to: to.account.address, value });
  await client.waitForTransactionReceipt({ hash });
}

beforeAll(async () => {
  ({ chain, client, wallets: w } = await localChain());
  // Seven months ago: 3 paid 1. Then 1 paid 4 and 4 paid 2 (4 is not watched).
  await pay(w[3]!, w[1]!, 10n ** 15n);
  await client.request({ method: "evm_increaseTime" as never, params: [200 * 86_400] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
  await pay(w[1]!, w[4]!, 10n ** 16n);
  await pay(w[4]!, w[2]!, 10n ** 16n);
  await pay(w[5]!, w[0]!, 1n);
});
afterAll(() => chain?.stop());

describe("fundingLinks (HIP-58 §1.3)", () => {
  it("links watched accounts funded through another wallet in the last six months", async () => {
    const [a1, a2, a3] = [w[1]!, w[2]!, w[3]!].map((x) => x.account.address);
    const links = await fundingLinks({ client, accounts: [a1!, a2!.toLowerCase(), a3!] });
    expect(links).toHaveLength(1);
    expect(links[0]!.accounts).toEqual([a1, a2].sort());
    expect(links[0]!.transfers.map((t) => [t.from, t.to, t.value])).toEqual([
      [a1, w[4]!.account.address, 10n ** 16n],
      [w[4]!.account.address, a2, 10n ** 16n],
    ]);
  });

  it("reaches further back from an explicit block, and ignores groups with one watched account", async () => {
    const [a1, a2, a3] = [w[1]!, w[2]!, w[3]!].map((x) => x.account.address);
    const links = await fundingLinks({ client, accounts: [a1!, a2!, a3!, w[5]!.account.address], fromBlock: 0n });
    expect(links.map((l) => l.accounts)).toEqual([[a1, a2, a3].sort()]);
    expect(await fundingLinks({ client, accounts: [a3!, w[5]!.account.address] })).toEqual([]);
    await expect(fundingLinks({ client, accounts: ["0x12"] })).rejects.toThrow(InputError);
  });
});
