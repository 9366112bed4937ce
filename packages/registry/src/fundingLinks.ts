import { chainCall } from "@pop/contracts/errors/chainError";
import { InputError } from "@pop/core/errors";
import { type Address, getAddress, type PublicClient } from "viem";

/** HIP-58 section 1.3 looks at funding in the last six months. */
export const FUNDING_WINDOW_SECONDS = 183 * 86_400;

/** A value transfer between two accounts. */
export type Transfer = { from: Address; to: Address; value: bigint; block: bigint; hash: `0x${string}` };

/** Watched accounts joined by transfers, directly or through other wallets. */
export type FundingLink = {
  /** The watched accounts in one connected group (two or more). */
  accounts: Address[];
  /** The transfers that connect them, in chain order. */
  transfers: Transfer[];
};

/** The first block at or after `time` (binary search on block timestamps). */
async function blockAtTime(client: PublicClient, time: bigint, latest: bigint): Promise<bigint> {
  let [low, high] = [0n, latest];
  while (low < high) {
    const middle = (low + high) / 2n;
    const block = await client.getBlock({ blockNumber: middle });
    if (block.timestamp < time) low = middle + 1n;
    else high = middle;
  }
  return low;
}

/**
 * The bribe/funding-link rule's evidence (policy v1, HIP-58 §1.3): ether transfers of the last
 * six months (or from `fromBlock`) that connect watched accounts, directly (A paid B) or through
 * other wallets (A paid X, X paid B). Every block's transactions are read, which suits a local
 * chain or a node of one's own; on a public chain use a transaction index for the same graph.
 * Token transfers and internal (contract-made) ether transfers are not read.
 * @param params.accounts the accounts to watch (vouchers, claimers, known vouchallengers)
 * @returns each group of two or more watched accounts joined by transfers
 */
export function fundingLinks(params: {
  client: PublicClient;
  accounts: readonly string[];
  fromBlock?: bigint;
  toBlock?: bigint;
}): Promise<FundingLink[]> {
  return chainCall(async () => {
    const { client } = params;
    const watched = new Set(
      params.accounts.map((account) => {
        if (!/^0x[0-9a-fA-F]{40}$/.test(account)) throw new InputError(`not an address: ${JSON.stringify(account)}`);
        return getAddress(account);
      }),
    );
    const latest = params.toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }));
    const head = await client.getBlock({ blockNumber: latest });
    const from =
      params.fromBlock ?? (await blockAtTime(client, head.timestamp - BigInt(FUNDING_WINDOW_SECONDS), latest));
    const transfers: Transfer[] = [];
    for (let number = from; number <= latest; number++) {
      const block = await client.getBlock({ blockNumber: number, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.to == null || tx.value === 0n) continue;
        transfers.push({
          from: getAddress(tx.from),
          to: getAddress(tx.to),
          value: tx.value,
          block: number,
          hash: tx.hash,
        });
      }
    }
    // Union-find over every account that sent or received ether.
    const parent = new Map<Address, Address>();
    const find = (a: Address): Address => {
      let root = a;
      while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
      parent.set(a, root);
      return root;
    };
    for (const t of transfers) {
      if (!parent.has(t.from)) parent.set(t.from, t.from);
      if (!parent.has(t.to)) parent.set(t.to, t.to);
      parent.set(find(t.from), find(t.to));
    }
    const groups = new Map<Address, Address[]>();
    for (const account of watched) {
      if (!parent.has(account)) continue;
      const root = find(account);
      groups.set(root, [...(groups.get(root) ?? []), account]);
    }
    const links: FundingLink[] = [];
    for (const [root, accounts] of groups) {
      if (accounts.length < 2) continue;
      links.push({ accounts: accounts.sort(), transfers: transfers.filter((t) => find(t.from) === root) });
    }
    return links;
  });
}
