import type { ChainClients } from "@pop/contracts/connect";
import type { DeploymentRecord } from "@pop/contracts/files/deploymentFile";
import type { Credential } from "@pop/protocol/credential";
import type { PopIdentity } from "@pop/protocol/identity";
import { deploymentContext, rpcOption } from "../../chain.js";
import { readCredentialFile, readIdentityFile } from "../../files.js";
import { progress } from "../../result.js";

/** The options of the token commands: the deployment and the holder's identity and credential. */
export const holderOptions = {
  ...rpcOption,
  deployment: { type: "string", required: true },
  identity: { type: "string", required: true },
  credential: { type: "string", required: true },
} as const;

/**
 * Reads the holder's files, then connects and reads the deployment: what a token action takes.
 * @param options the parsed holderOptions
 */
export async function holderContext(options: {
  rpc: string | undefined;
  deployment: string;
  identity: string;
  credential: string;
}): Promise<{
  connection: ChainClients;
  params: { deployment: DeploymentRecord; identity: PopIdentity; credential: Credential; onProgress: typeof progress };
}> {
  const identity = await readIdentityFile(options.identity);
  const credential = await readCredentialFile(options.credential);
  const { connection, deployment } = await deploymentContext(options);
  return { connection, params: { deployment, identity, credential, onProgress: progress } };
}
