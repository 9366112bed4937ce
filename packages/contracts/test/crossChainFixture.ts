/**
 * Two registries on two anvil chains joined by LocalBridge gateways, and the moves the
 * cross-chain tests make on them: gateway calls, relaying, settling, reading what arrived.
 */
import { send } from "@pop/test-utils/chain";
import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import type { Address, Hex } from "viem";
import { applyArrivals, deployLocalGateway, relayMessages } from "../src/crossChain.js";
import { humanityGatewayAbi } from "../src/generated/humanityGateway.js";
import { humanityRegistryAbi } from "../src/generated/humanityRegistry.js";
import { localBridgeAbi } from "../src/generated/localBridge.js";
import { readEvents } from "../src/readEvents.js";
import type { RegistryParameters } from "../src/registry.js";

export const CHAIN_A = 31337;
export const CHAIN_B = 31338;
/** The bridge's ABI with the gateway's errors, to decode reverts of a delivery. */
export const deliveryAbi = [...localBridgeAbi, ...humanityGatewayAbi.filter((item) => item.type === "error")];
/** The gateway's ABI with the registry's errors, to decode reverts of an application. */
export const applyAbi = [...humanityGatewayAbi, ...humanityRegistryAbi.filter((item) => item.type === "error")];

type End = { bridge: Address; gateway: Address };

/** Two chains, A and B, each with a registry and a gateway that knows the other's. */
export class TwoChains {
  private constructor(
    readonly a: RegistryHarness,
    readonly b: RegistryHarness,
    readonly ends: { a: End; b: End },
  ) {}

  /** @param parameters registry parameters for both chains (PoH's by default) */
  static async start(parameters: Partial<RegistryParameters> = {}): Promise<TwoChains> {
    const [a, b] = await Promise.all([
      RegistryHarness.start(parameters, { chainId: CHAIN_A }),
      RegistryHarness.start(parameters, { chainId: CHAIN_B }),
    ]);
    const ends = {
      a: await deployLocalGateway({ wallet: a.governance, client: a.client, registry: a.registry }),
      b: await deployLocalGateway({ wallet: b.governance, client: b.client, registry: b.registry }),
    };
    const chains = new TwoChains(a, b, ends);
    await chains.gatewayCall(a, a.governance, "setPeer", [BigInt(CHAIN_B), ends.b.gateway]);
    await chains.gatewayCall(b, b.governance, "setPeer", [BigInt(CHAIN_A), ends.a.gateway]);
    return chains;
  }

  stop(): Promise<unknown> {
    return Promise.all([this.a.stop(), this.b.stop()]);
  }

  end(h: RegistryHarness): End {
    return h === this.a ? this.ends.a : this.ends.b;
  }

  gatewayOf(h: RegistryHarness): Address {
    return this.end(h).gateway;
  }

  /** The chain id of a harness's chain. */
  chainId(h: RegistryHarness): bigint {
    return BigInt(h === this.a ? CHAIN_A : CHAIN_B);
  }

  /** Sends a gateway transaction (abi with the registry's errors, so reverts decode). */
  gatewayCall(h: RegistryHarness, wallet: Person["wallet"], functionName: string, args: readonly unknown[]) {
    return send({ client: h.client, wallet, address: this.gatewayOf(h), abi: applyAbi, functionName, args });
  }

  /** Reads from a chain's gateway. */
  gatewayRead(h: RegistryHarness, functionName: string, args: readonly unknown[]): Promise<unknown> {
    return h.client.readContract({ address: this.gatewayOf(h), abi: humanityGatewayAbi, functionName, args } as never);
  }

  /** Delivers what one chain sent to the other, without applying it. */
  deliver(from: RegistryHarness, to: RegistryHarness): Promise<bigint[]> {
    return relayMessages({
      source: { client: from.client, bridge: this.end(from).bridge },
      target: { client: to.client, bridge: this.end(to).bridge },
      wallet: to.governance,
    });
  }

  /** Relays from one chain to the other and settles what arrived; returns the applied message ids. */
  async relay(from: RegistryHarness, to: RegistryHarness): Promise<Hex[]> {
    return (await this.relayAndSettle(from, to)).applied;
  }

  /** Relays from one chain to the other and applies or bounces what arrived. */
  async relayAndSettle(from: RegistryHarness, to: RegistryHarness): ReturnType<typeof applyArrivals> {
    await this.deliver(from, to);
    return this.settle(to);
  }

  /** Applies or bounces what arrived on a chain (the SDK's applyArrivals). */
  settle(on: RegistryHarness): ReturnType<typeof applyArrivals> {
    return applyArrivals({
      client: on.client,
      wallet: on.governance,
      gateway: this.gatewayOf(on),
      registry: on.registry,
      humanitySet: on.deployment.humanitySet,
    });
  }

  /** The ids of the messages a chain's gateway received, in arrival order. */
  async receivedIds(h: RegistryHarness): Promise<Hex[]> {
    const logs = await readEvents({ client: h.client, address: this.gatewayOf(h), abi: humanityGatewayAbi });
    return logs
      .filter((log) => log.eventName === "MessageReceived")
      .map((log) => (log.args as { messageId: Hex }).messageId);
  }

  /** A new person registered on a chain (vouched by a fresh genesis human). */
  async registered(h: RegistryHarness): Promise<Person> {
    const voucher = await h.seeded();
    const person = await h.person();
    await h.register(person, voucher);
    return person;
  }
}
