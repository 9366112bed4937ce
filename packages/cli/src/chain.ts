import { type ChainClients, connectChain } from "@pop/contracts/connect";
import { expectChain } from "@pop/contracts/files/chainFile";
import { type DeploymentRecord, parseDeploymentFile } from "@pop/contracts/files/deploymentFile";
import { parseRegistryFile, type RegistryRecord } from "@pop/contracts/files/registryFile";
import { InputError } from "@pop/core/errors";
import { readJsonFile } from "./io.js";
import { progress } from "./result.js";

/** The options every chain command takes. */
export const rpcOption = { rpc: { type: "string" } } as const;

/**
 * The RPC URL: the option, else POP_RPC_URL.
 * @param option the --rpc option
 */
export function rpcUrl(option: string | undefined): string {
  const url = option ?? process.env.POP_RPC_URL;
  if (url === undefined || !/^https?:\/\/\S+$/.test(url)) {
    throw new InputError("pass --rpc <http(s) URL> or set POP_RPC_URL");
  }
  return url;
}

/**
 * Connects to the chain of --rpc / POP_RPC_URL. The signing key comes from POP_PRIVATE_KEY,
 * never from a file or an option; on a local anvil without it, anvil's first development key
 * signs (said on stderr).
 * @param option the --rpc option
 */
export async function connect(option: string | undefined): Promise<ChainClients> {
  const connection = await connectChain({ rpcUrl: rpcUrl(option), privateKey: process.env.POP_PRIVATE_KEY });
  if (connection.usedDevKey) {
    progress("POP_PRIVATE_KEY is not set: using anvil's first development account (chain 31337 only)");
  }
  return connection;
}

/**
 * Connects and reads a deployment file, which must be for the connected chain.
 * @param options --rpc and --deployment
 */
export async function deploymentContext(options: { rpc: string | undefined; deployment: string }): Promise<{
  connection: ChainClients;
  deployment: DeploymentRecord;
}> {
  const value = await readJsonFile(options.deployment, "deployment file");
  const deployment = parseDeploymentFile(value);
  const connection = await connect(options.rpc);
  expectChain({ chainId: deployment.chainId, label: "deployment" }, connection.chainId);
  return { connection, deployment };
}

/**
 * Connects and reads a registry file, which must be for the connected chain.
 * @param options --rpc and --registry
 * @returns the connection, the registry record, and the clients registry actions take
 */
export async function registryContext(options: { rpc: string | undefined; registry: string }): Promise<{
  connection: ChainClients;
  file: RegistryRecord;
  clients: ChainClients & { registry: RegistryRecord["registry"] };
}> {
  const file = parseRegistryFile(await readJsonFile(options.registry, "registry file"));
  const connection = await connect(options.rpc);
  expectChain({ chainId: file.chainId, label: "registry" }, connection.chainId);
  return { connection, file, clients: { ...connection, registry: file.registry } };
}
