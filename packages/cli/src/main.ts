import { InputError, PopError } from "@pop/core/errors";
import { quoteText } from "@pop/core/text";
import type { Command } from "./command.js";
import { type CommandResult, errorOutput, negativeSummary, oneLine } from "./result.js";

/** A command by name, loaded only when it runs (or `pop --help` lists it): start-up stays short. */
type Entry = { name: string; load: () => Promise<Command> };
const lazy = (name: string, load: () => Promise<Command>): Entry => ({ name, load });

/**
 * Every command, grouped as `pop --help` shows them, one line each. A variant named
 * "<words> --onchain" runs instead of "<words>" when the arguments include --onchain.
 */
const GROUPS: { title: string; commands: Entry[] }[] = [
  {
    title: "",
    commands: [
      lazy("demo", async () => (await import("./commands/demo.js")).demo),
      lazy("identity create", async () => (await import("./commands/identity.js")).identityCreate),
      lazy("issuer create", async () => (await import("./commands/issuer.js")).issuerCreate),
      lazy("issuers add", async () => (await import("./commands/issuer.js")).issuersAdd),
      lazy("issuers revoke", async () => (await import("./commands/issuer.js")).issuersRevoke),
      lazy("issuers root", async () => (await import("./commands/issuer.js")).issuersRoot),
      lazy("credential issue", async () => (await import("./commands/credential.js")).credentialIssue),
      lazy("set add", async () => (await import("./commands/set.js")).setAdd),
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
      lazy("uniqueness node", async () => (await import("./commands/uniqueness.js")).uniquenessNode),
      lazy("uniqueness package", async () => (await import("./commands/uniqueness.js")).uniquenessPackage),
      lazy("uniqueness check", async () => (await import("./commands/uniqueness.js")).uniquenessCheck),
      lazy("uniqueness enroll", async () => (await import("./commands/uniqueness.js")).uniquenessEnroll),
      lazy("uniqueness delete", async () => (await import("./commands/uniqueness.js")).uniquenessDelete),
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
      lazy(
        "proof verify --onchain",
        async () => (await import("./commands/onchain/proofVerify.js")).proofVerifyOnchain,
      ),
      lazy("token mint", async () => (await import("./commands/onchain/tokenMint.js")).tokenMint),
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

const COMMANDS = new Map(GROUPS.flatMap((group) => group.commands).map((entry) => [entry.name, entry]));

/** Loads a command and checks that it is the one its entry names (a wrong line is a bug). */
async function load(entry: Entry): Promise<Command> {
  const command = await entry.load();
  if (command.name !== entry.name) {
    throw new TypeError(`main.ts lists "${entry.name}" but loads "${command.name}"`);
  }
  return command;
}

const HEADER = `pop: proof of personhood. Every command prints JSON on stdout.
Exit codes: 0 success, 1 a negative answer (invalid proof, refused credential), 2 bad input.
pop <command> --help prints that command's usage.
`;

const indent = (text: string) => text.replace(/^/gm, "  ");

/** The full usage: every group's commands, each with its usage text. */
async function usage(): Promise<string> {
  const sections: string[] = [];
  for (const group of GROUPS) {
    const commands = await Promise.all(group.commands.map(load));
    sections.push(`${group.title === "" ? "" : `${group.title}\n`}${commands.map((c) => indent(c.usage)).join("\n")}`);
  }
  return `${HEADER}\n${sections.join("\n\n")}\n`;
}

/** The command the arguments name (two words, then one), its variants and the arguments after its words. */
function findCommand(argv: string[]): { entry: Entry; rest: string[]; variants: Entry[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const plain = COMMANDS.get(name);
    const onchain = COMMANDS.get(`${name} --onchain`);
    const rest = argv.slice(words);
    const entry = onchain !== undefined && (rest.includes("--onchain") || plain === undefined) ? onchain : plain;
    if (entry !== undefined) {
      return { entry, rest, variants: [plain, onchain].filter((e): e is Entry => e !== undefined) };
    }
  }
  return undefined;
}

function print(result: CommandResult): void {
  if (result.text !== undefined) {
    process.stdout.write(result.text);
  } else if (result.output !== undefined) {
    process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
  }
}

/** Runs the command line; returns the exit code (see HEADER). */
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    process.stderr.write("pop: no command given (see pop --help)\n");
    return 2;
  }
  const help = argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
  const found = findCommand(help ? argv.slice(1) : argv);
  if (help && argv.length === 1) {
    process.stdout.write(await usage());
    return 0;
  }
  if (found === undefined) {
    const words = (help ? argv.slice(1, 3) : argv.slice(0, 2)).join(" ");
    process.stderr.write(`pop: unknown command ${quoteText(words)} (see pop --help)\n`);
    return 2;
  }
  let name = found.entry.name;
  try {
    if (help || found.rest.includes("--help")) {
      const usages = await Promise.all(found.variants.map(async (entry) => (await load(entry)).usage));
      process.stdout.write(`${usages.join("\n\n")}\n`);
      return 0;
    }
    const command = await load(found.entry);
    name = command.name;
    const result = await command.main(found.rest);
    print(result);
    if (result.exitCode === 1) {
      process.stderr.write(`pop: ${negativeSummary(result, name)}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`pop: ${oneLine(error.shortMessage)}\n`);
      return 2;
    }
    if (error instanceof PopError) {
      const output = errorOutput(error);
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      process.stderr.write(`pop: ${output.error.message}\n`);
      return 1;
    }
    // A bug, not bad input: still one line, never a stack trace (set POP_DEBUG=1 for it).
    process.stderr.write(`pop: internal error: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    if (process.env.POP_DEBUG === "1") {
      process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    }
    return 2;
  }
}

/**
 * Ends snarkjs's curve worker threads when a command started them, so the process exits on its
 * own; the check is releaseProver's own, made here so that a command that never proved does
 * not load the prover (a fifth of a second) just to find nothing to release.
 */
async function releaseProverIfStarted(): Promise<void> {
  if ((globalThis as { curve_bn128?: unknown }).curve_bn128 == null) return;
  const { releaseProver } = await import("@pop/protocol/generateProof");
  await releaseProver();
}

const code = await main(process.argv.slice(2));
await releaseProverIfStarted();
process.exitCode = code;
