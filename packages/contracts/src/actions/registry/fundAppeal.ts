import type { Hex } from "viem";
import { PARTIES } from "../../generated/enums.js";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients, Side } from "./types.js";

/** Funds one side of a challenge's current appeal round. */
export function fundAppeal(
  clients: RegistryClients,
  params: { requestId: bigint; challengeIndex: bigint; side: Side; value: bigint },
): Promise<Hex> {
  const side = PARTIES.indexOf(params.side);
  return registryWrite(clients, "fundAppeal", [params.requestId, params.challengeIndex, side], params.value);
}
