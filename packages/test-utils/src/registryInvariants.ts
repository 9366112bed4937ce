/**
 * The registry's conservation and set invariants, checked over a RegistryHarness's chain: the
 * property and lifecycle tests assert them after every step.
 */
import { humanitySetAbi } from "@pop/contracts/generated/humanitySet";
import { unpackAttributes } from "@pop/protocol/attributes";
import { type Address, getAddress, type Hex, zeroAddress } from "viem";
import type { RegistryHarness } from "./registryHarness.js";

/**
 * What the registry owes (withdrawable of every known account, open request deposits, appeal
 * round pots) and what it holds: conservation says they are equal.
 * @param h the harness (its known accounts are every person it made and governance)
 * @returns the registry's balance and the sum it owes
 */
export async function registryLedger(h: RegistryHarness): Promise<{ balance: bigint; owed: bigint }> {
  let owed = 0n;
  for (const id of h.ids) owed += await h.withdrawable(getAddress(id));
  owed += await h.withdrawable(h.governance.account.address);
  const count = await h.requestCount();
  for (let requestId = 0n; requestId < count; requestId++) {
    const request = await h.request(requestId);
    owed += request.deposit;
    for (let c = 0n; c < BigInt(request.challenges); c++) {
      const challenge = (await h.read("challenge", [requestId, c])) as { lastRound: number };
      for (let r = 1n; r <= BigInt(challenge.lastRound); r++) {
        const [, , pot] = (await h.read("round", [requestId, c, r])) as [unknown, bigint, bigint];
        owed += pot;
      }
    }
  }
  return { balance: await h.balance(h.registry), owed };
}

/**
 * The registry's invariants over every known Humanity ID, as a list of violations (empty when
 * they hold): the set (rebuilt from events, root equal to the contract's) holds exactly the
 * leaves of the humanities with an owner, each with expiresAt = expiration and a nullifier
 * commitment; no wallet owns two humanities, and each owner's walletHumanity is its humanity.
 * @param h the harness (its known Humanity IDs are every person's default ID)
 * @returns one line per violation
 */
export async function registryViolations(h: RegistryHarness): Promise<string[]> {
  const found: string[] = [];
  const set = await h.set();
  const root = await h.client.readContract({
    address: h.deployment.humanitySet,
    abi: humanitySetAbi,
    functionName: "root",
  });
  if (set.root !== root) found.push("the set rebuilt from events has another root");
  const expected = new Set<bigint>();
  const owners = new Map<Address, Hex>();
  for (const id of h.ids) {
    const humanity = await h.humanity(id);
    if (humanity.owner === zeroAddress) {
      if (humanity.commitment !== 0n) found.push(`${id} has a leaf but no owner`);
      continue;
    }
    if (humanity.nullifierCommitment === 0n) found.push(`${id} has an owner but no nullifier commitment`);
    if (owners.has(humanity.owner)) found.push(`${humanity.owner} owns ${owners.get(humanity.owner)} and ${id}`);
    owners.set(humanity.owner, id);
    if ((await h.read("walletHumanity", [humanity.owner])) !== id)
      found.push(`walletHumanity(${humanity.owner}) ≠ ${id}`);
    if (BigInt(unpackAttributes(humanity.attributes).expiresAt) !== humanity.expirationTime) {
      found.push(`${id}'s leaf expiry differs from its expiration`);
    }
    expected.add(h.leafOf(humanity));
  }
  const leaves = new Set(set.leaves.filter((leaf) => leaf !== 0n));
  for (const leaf of leaves) if (!expected.has(leaf)) found.push(`leaf ${leaf} belongs to no owned humanity`);
  for (const leaf of expected) if (!leaves.has(leaf)) found.push(`leaf ${leaf} of an owned humanity is missing`);
  return found;
}
