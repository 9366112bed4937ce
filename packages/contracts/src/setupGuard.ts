import { type Manifest, readManifest } from "@pop/circuits/artifacts";
import { InputError } from "@pop/core/errors";
import { DEV_CHAIN_ID } from "./devAccounts.js";

/**
 * Refuses to put verifier keys from a development trusted setup on any chain but a local
 * development chain (31337), unless the caller says so. Whoever made a development setup
 * (a single-contribution ptau, an anonymous phase 2) knows its toxic waste and can forge a
 * proof for any nullifier, so its keys on a public chain let one person be everyone.
 * @param params.chainId the chain the keys would go to, as its RPC reports it
 * @param params.allowDevSetup deploy a development setup anyway (a test network, a demo)
 * @param params.manifest the circuits' manifest (default: the committed one, readManifest)
 * @throws InputError naming the chain and the --allow-dev-setup flag
 * @throws ArtifactError when the manifest cannot be read
 * @example
 * checkTrustedSetup({ chainId: await client.getChainId(), allowDevSetup: false });
 */
export function checkTrustedSetup(params: { chainId: number; allowDevSetup?: boolean; manifest?: Manifest }): void {
  const manifest = params.manifest ?? readManifest();
  if (!manifest.developmentSetup || params.chainId === DEV_CHAIN_ID || params.allowDevSetup === true) return;
  throw new InputError(
    `refusing to deploy verifier keys from a development trusted setup (${manifest.ptau.name}) on chain ` +
      `${params.chainId}: whoever made the setup can forge proofs; pass --allow-dev-setup to deploy them anyway, ` +
      "or rebuild the keys from a ceremony (docs/circuits.md#trusted-setup)",
    {
      details: { chainId: params.chainId, ptau: manifest.ptau, flag: "--allow-dev-setup" },
      docsPath: "docs/circuits.md#trusted-setup",
    },
  );
}
