/**
 * Bad-input cases that break the CLI contract today because the fix belongs to a file another
 * engineer owns; each names the file. They run in their own describe of badInput.test.ts (and
 * badInputChain.test.ts), which fails until the fix lands; then the name goes from this list.
 */
export const PENDING = new Map<string, string>([
  [
    "proof create: a missing folder",
    "commands/proof/create.ts checks --out with its own message; checkWritable (@pop/core/files) gives the one every output path gets",
  ],
  [
    "registry status --index /dev/zero",
    "commands/registry/status.ts (or @pop/registry's indexer): the SQLite path is not checked, so SQLite's 'disk I/O error' escapes as an internal error",
  ],
  [
    "registry status --index a directory",
    "commands/registry/status.ts: as above, 'unable to open database file' escapes as an internal error",
  ],
  [
    "an unreachable RPC is a chain failure (exit 1)",
    "@pop/contracts/connect: connectChain throws InputError 'cannot reach an Ethereum RPC' (exit 2, no JSON); a chain failure is a ChainError (exit 1), as evidence renewal-check already has it",
  ],
  [
    "contracts deploy: an existing --out, before deploying",
    "commands/onchain/contractsDeploy.ts: deploys every contract, then refuses the existing --out (checkWritable from @pop/core/files first)",
  ],
  [
    "registry deploy: a juror address with a bad checksum, before deploying",
    "commands/registry/deploy.ts: --jurors is not parsed with addressOption, so viem refuses it mid-deployment (exit 1 after 'deploying…')",
  ],
  ["demo --dir a file", "commands/demo.ts: mkdir of a --dir that is a file escapes as an internal error (EEXIST)"],
]);
