import type { Command } from "./command.js";

/**
 * The list of pop's commands, as main.ts dispatches them and `pop --help` lists them. To add a
 * command, define it with defineCommand (command.ts) and add one `lazy(...)` line to its group.
 */

/** A command by name, loaded only when it runs (or `pop --help` lists it): start-up stays short. */
export type Entry = { name: string; load: () => Promise<Command> };
/** One entry of the list. */
const lazy = (name: string, load: () => Promise<Command>): Entry => ({ name, load });

/**
 * Every command, grouped as `pop --help` shows them, one line each. A variant named
 * "<words> --onchain" runs instead of "<words>" when the arguments include --onchain.
 */
export const GROUPS: { title: string; commands: Entry[] }[] = [
  {
    title: "",
    commands: [
      lazy("demo", async () => (await import("./commands/demo.js")).demo),
      lazy("identity create", async () => (await import("./commands/identity.js")).identityCreate),
      lazy("identity rotate", async () => (await import("./commands/identity.js")).identityRotate),
      lazy("issuer create", async () => (await import("./commands/issuer.js")).issuerCreate),
      lazy("issuers add", async () => (await import("./commands/issuer.js")).issuersAdd),
      lazy("issuers revoke", async () => (await import("./commands/issuer.js")).issuersRevoke),
      lazy("issuers root", async () => (await import("./commands/issuer.js")).issuersRoot),
      lazy("credential issue", async () => (await import("./commands/credential.js")).credentialIssue),
      lazy("set add", async () => (await import("./commands/set.js")).setAdd),
      lazy("set update", async () => (await import("./commands/set.js")).setUpdate),
      lazy("set root", async () => (await import("./commands/set.js")).setRoot),
      lazy("proof create", async () => (await import("./commands/proof/create.js")).proofCreate),
      lazy("proof vkey", async () => (await import("./commands/proof/vkey.js")).proofVkey),
      lazy("proof verify", async () => (await import("./commands/proof/verify.js")).proofVerify),
    ],
  },
  {
    title: 'Iris codes (open-iris JSON: {"iris_codes": "<base64>", "mask_codes": "<base64>"}):',
    commands: [
      lazy("iris distance", async () => (await import("./commands/iris.js")).irisDistance),
      lazy("iris random", async () => (await import("./commands/iris.js")).irisRandom),
      lazy("iris similar", async () => (await import("./commands/iris.js")).irisSimilar),
    ],
  },
  {
    title: "Uniqueness (three MPC nodes; each holds only its shares of each template):",
    commands: [
      lazy("uniqueness init", async () => (await import("./commands/uniqueness.js")).uniquenessInit),
      lazy("uniqueness keygen", async () => (await import("./commands/uniquenessKeys.js")).uniquenessKeygen),
      lazy("uniqueness cluster", async () => (await import("./commands/uniquenessKeys.js")).uniquenessCluster),
      lazy("uniqueness node", async () => (await import("./commands/uniqueness.js")).uniquenessNode),
      lazy("uniqueness package", async () => (await import("./commands/uniqueness.js")).uniquenessPackage),
      lazy("uniqueness check", async () => (await import("./commands/uniqueness.js")).uniquenessCheck),
      lazy("uniqueness enroll", async () => (await import("./commands/uniqueness.js")).uniquenessEnroll),
      lazy("uniqueness consent", async () => (await import("./commands/uniquenessEntry.js")).uniquenessConsent),
      lazy("uniqueness delete", async () => (await import("./commands/uniquenessEntry.js")).uniquenessDelete),
      lazy("uniqueness recover", async () => (await import("./commands/uniquenessEntry.js")).uniquenessRecover),
    ],
  },
  {
    title: "Evidence (Proof of Humanity policy rules; exit 0 accepted, 1 refused):",
    commands: [
      lazy("evidence check", async () => (await import("./commands/evidence.js")).evidenceCheck),
      lazy("evidence face-embedding", async () => (await import("./commands/evidence.js")).evidenceFaceEmbedding),
      lazy("evidence address-check", async () => (await import("./commands/evidence.js")).evidenceAddressCheck),
      lazy("evidence phrase", async () => (await import("./commands/evidence.js")).evidencePhrase),
      lazy("evidence phrase-check", async () => (await import("./commands/evidence.js")).evidencePhraseCheck),
      lazy("evidence sentence-check", async () => (await import("./commands/evidence.js")).evidenceSentenceCheck),
      lazy("evidence renewal-check", async () => (await import("./commands/evidence.js")).evidenceRenewalCheck),
    ],
  },
  {
    title: `On a chain (RPC from --rpc or POP_RPC_URL; the signing key only from POP_PRIVATE_KEY, which
defaults to anvil's first development account on chain 31337):`,
    commands: [
      lazy("chain start", async () => (await import("./commands/chain.js")).chainStart),
      lazy("chain advance", async () => (await import("./commands/chain.js")).chainAdvance),
      lazy("contracts deploy", async () => (await import("./commands/onchain/contractsDeploy.js")).contractsDeploy),
      lazy("issuers add --onchain", async () => (await import("./commands/onchain/issuersAdd.js")).issuersAddOnchain),
      lazy("set add --onchain", async () => (await import("./commands/onchain/setAdd.js")).setAddOnchain),
      lazy("set update --onchain", async () => (await import("./commands/onchain/setUpdate.js")).setUpdateOnchain),
      lazy(
        "proof verify --onchain",
        async () => (await import("./commands/onchain/proofVerify.js")).proofVerifyOnchain,
      ),
      lazy("token mint", async () => (await import("./commands/onchain/tokenMint.js")).tokenMint),
      lazy("token refresh", async () => (await import("./commands/onchain/tokenRefresh.js")).tokenRefresh),
    ],
  },
  {
    title: "Curated registry (Proof of Humanity v2 semantics; amounts in wei, or ether as 0.05eth):",
    commands: [
      lazy("registry deploy", async () => (await import("./commands/registry/deploy.js")).registryDeploy),
      lazy("registry seed", async () => (await import("./commands/registry/seed.js")).registrySeed),
      lazy("registry claim", async () => (await import("./commands/registry/claim.js")).registryClaim),
      lazy("registry fund", async () => (await import("./commands/registry/fund.js")).registryFund),
      lazy("registry vouch", async () => (await import("./commands/registry/vouch.js")).registryVouch),
      lazy("registry advance", async () => (await import("./commands/registry/advance.js")).registryAdvance),
      lazy("registry challenge", async () => (await import("./commands/registry/challenge.js")).registryChallenge),
      lazy("registry rule", async () => (await import("./commands/registry/rule.js")).registryRule),
      lazy("registry appeal", async () => (await import("./commands/registry/appeal.js")).registryAppeal),
      lazy("registry execute", async () => (await import("./commands/registry/execute.js")).registryExecute),
      lazy("registry process", async () => (await import("./commands/registry/process.js")).registryProcess),
      lazy("registry renew", async () => (await import("./commands/registry/renew.js")).registryRenew),
      lazy("registry revoke", async () => (await import("./commands/registry/revoke.js")).registryRevoke),
      lazy("registry withdraw", async () => (await import("./commands/registry/withdraw.js")).registryWithdraw),
      lazy("registry credential", async () => (await import("./commands/registry/credential.js")).registryCredential),
      lazy("registry status", async () => (await import("./commands/registry/status.js")).registryStatus),
      lazy("registry vouchallenger", async () => (await import("./commands/registry/status.js")).registryVouchallenger),
    ],
  },
];

/** Every entry by its name. */
export const COMMANDS = new Map(GROUPS.flatMap((group) => group.commands).map((entry) => [entry.name, entry]));

/**
 * Loads a command and checks that it is the one its entry names (a wrong line is a bug).
 * @param entry the entry
 * @returns the command
 */
export async function load(entry: Entry): Promise<Command> {
  const command = await entry.load();
  if (command.name !== entry.name) {
    throw new TypeError(`main.ts lists "${entry.name}" but loads "${command.name}"`);
  }
  return command;
}
