import { InputError } from "@pop/core/errors";
import type { ScopeSpec } from "@pop/protocol/scope";

/** The options that name a proof's scope: a raw text, or an app and an action in it. */
export const scopeOptions = {
  scope: { type: "string" },
  app: { type: "string" },
  action: { type: "string" },
} as const;

/** The usage line of the scope options. */
export const SCOPE_USAGE = "(--scope S | --app <id> --action <text>)";

/**
 * The scope the options name: `--scope S` (a raw scope text), or `--app <id> --action <text>`,
 * where the app id is a CAIP-10 account `eip155:<chainId>:<0x address>` for a consumer contract
 * or any other name for an off-chain app (docs/architecture.md, decision 10).
 * @param options the parsed options
 * @returns the scope spec
 * @throws InputError unless exactly one form is given, whole
 */
export function scopeSpecOf(options: {
  scope: string | undefined;
  app: string | undefined;
  action: string | undefined;
}): ScopeSpec {
  if (options.scope !== undefined) {
    if (options.app !== undefined || options.action !== undefined) {
      throw new InputError("pass --scope, or --app and --action, not both");
    }
    return { scope: options.scope };
  }
  if (options.app === undefined || options.action === undefined) {
    throw new InputError("missing required option --scope (or --app and --action)");
  }
  if (options.app === "") throw new InputError("option --app must not be empty");
  return { app: options.app, action: options.action };
}
