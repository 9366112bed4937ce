import type { Address, Hex, PublicClient } from "viem";
import { simulateAndWrite } from "./actions/writeContract.js";
import { type Deployer, deployContract } from "./deploy.js";
import { chainCall } from "./errors/chainError.js";
import { humanityGatewayAbi, humanityGatewayBytecode } from "./generated/humanityGateway.js";
import { humanityRegistryAbi } from "./generated/humanityRegistry.js";
import { localBridgeAbi, localBridgeBytecode } from "./generated/localBridge.js";
import { readEvents } from "./readEvents.js";
import { readHumanitySet } from "./readHumanitySet.js";
import { leafSiblings } from "./registry.js";

/**
 * Deploys a LocalBridge (for local chains) and a HumanityGateway for a registry, and makes the
 * gateway the registry's cross-chain contract. The wallet must govern the registry.
 * @param params.relayer the account that delivers LocalBridge messages (default: the wallet)
 * @returns the bridge and gateway addresses
 */
export function deployLocalGateway(params: {
  wallet: Deployer;
  client: PublicClient;
  registry: Address;
  relayer?: Address;
}): Promise<{ bridge: Address; gateway: Address }> {
  return chainCall(async () => {
    const { wallet, client } = params;
    const bridge = await deployContract({
      wallet,
      client,
      abi: localBridgeAbi,
      bytecode: localBridgeBytecode as Hex,
      args: [params.relayer ?? wallet.account.address],
    });
    const gateway = await deployContract({
      wallet,
      client,
      abi: humanityGatewayAbi,
      bytecode: humanityGatewayBytecode as Hex,
      args: [params.registry, bridge, wallet.account.address],
    });
    await simulateAndWrite(
      { client, wallet },
      { address: params.registry, abi: humanityRegistryAbi, functionName: "setCrossChain", args: [gateway] },
    );
    return { bridge, gateway };
  });
}

/** One side of a LocalBridge link. */
export type BridgeEnd = { client: PublicClient; bridge: Address };

/**
 * Delivers every message sent on `source`'s LocalBridge to `target`'s chain that is not yet
 * delivered there, in send order (the relayer's job).
 * @param params.wallet the target bridge's relayer
 * @returns the nonces delivered
 */
export function relayMessages(params: { source: BridgeEnd; target: BridgeEnd; wallet: Deployer }): Promise<bigint[]> {
  return chainCall(async () => {
    const { source, target, wallet } = params;
    const [fromChainId, toChainId] = [
      BigInt(await source.client.getChainId()),
      BigInt(await target.client.getChainId()),
    ];
    const delivered: bigint[] = [];
    for (const log of await readEvents({ client: source.client, address: source.bridge, abi: localBridgeAbi })) {
      if (log.eventName !== "MessageSent") continue;
      const {
        nonce,
        toChainId: to,
        from,
        to: recipient,
        data,
      } = log.args as {
        nonce: bigint;
        toChainId: bigint;
        from: Address;
        to: Address;
        data: Hex;
      };
      if (to !== toChainId) continue;
      const done = await target.client.readContract({
        address: target.bridge,
        abi: localBridgeAbi,
        functionName: "delivered",
        args: [fromChainId, nonce],
      });
      if (done) continue;
      await simulateAndWrite(
        { client: target.client, wallet },
        {
          address: target.bridge,
          abi: localBridgeAbi,
          functionName: "deliver",
          args: [fromChainId, nonce, from, recipient, data],
        },
      );
      delivered.push(nonce);
    }
    return delivered;
  });
}

/**
 * Settles every received, unapplied gateway message in arrival order: applies it with the
 * siblings of the humanity's current leaf in this chain's set, or, for a transfer that cannot
 * apply here (the gateway's `blocked`), sends it back to its source chain. A message whose
 * number in its humanity's sequence is not above the last applied here is skipped (the
 * gateway would refuse it as stale). A mirror that cannot apply here (the gateway's `blocked`:
 * the record is live, pending or at home on this chain, or the owner's wallet owns another
 * humanity here, docs/registry.md#home-chain) is left unapplied and reported as refused.
 * @returns the message ids applied, bounced and refused
 */
export function applyArrivals(params: {
  client: PublicClient;
  wallet: Deployer;
  gateway: Address;
  registry: Address;
  humanitySet: Address;
}): Promise<{ applied: Hex[]; bounced: Hex[]; refused: Hex[] }> {
  return chainCall(async () => {
    const { client, wallet, gateway, registry } = params;
    const applied: Hex[] = [];
    const bounced: Hex[] = [];
    const refused: Hex[] = [];
    for (const log of await readEvents({ client, address: gateway, abi: humanityGatewayAbi })) {
      if (log.eventName !== "MessageReceived") continue;
      const messageId = (log.args as { messageId: Hex }).messageId;
      const arrival = await client.readContract({
        address: gateway,
        abi: humanityGatewayAbi,
        functionName: "arrival",
        args: [messageId],
      });
      if (arrival.applied) continue;
      const read = { address: gateway, abi: humanityGatewayAbi } as const;
      if (await client.readContract({ ...read, functionName: "blocked", args: [messageId] })) {
        // A blocked mirror, or a returning transfer (which waits until it can apply), stays.
        if (!arrival.transfer || arrival.returning) {
          refused.push(messageId);
          continue;
        }
        await simulateAndWrite({ client, wallet }, { ...read, functionName: "bounceMessage", args: [messageId] });
        bounced.push(messageId);
        continue;
      }
      const last = await client.readContract({ ...read, functionName: "sequence", args: [arrival.humanityId] });
      if (arrival.sequence <= last) continue;
      const humanity = await client.readContract({
        address: registry,
        abi: humanityRegistryAbi,
        functionName: "humanity",
        args: [arrival.humanityId],
      });
      const set = await readHumanitySet({ client, address: params.humanitySet });
      const siblings = leafSiblings(set, humanity);
      await simulateAndWrite(
        { client, wallet },
        { address: gateway, abi: humanityGatewayAbi, functionName: "applyMessage", args: [messageId, siblings] },
      );
      applied.push(messageId);
    }
    return { applied, bounced, refused };
  });
}
