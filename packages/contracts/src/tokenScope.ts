import { contractAppId, scopeOf } from "@pop/protocol/scope";
import type { Deployment } from "./deploy.js";

/**
 * The scope a deployment's PersonhoodToken mints for: its scope text as the action, in the app
 * of the token contract on its chain (PersonhoodToken computes the same at construction), so a
 * proof made for one token deployment mints nowhere else.
 * @param deployment the deployment's chain id, token address and token scope text
 * @returns the scope (a field element)
 */
export function tokenScopeOf(deployment: Pick<Deployment, "chainId" | "personhoodToken" | "tokenScope">): bigint {
  return scopeOf({
    appId: contractAppId({ chainId: deployment.chainId, contract: deployment.personhoodToken }),
    action: deployment.tokenScope,
  });
}
