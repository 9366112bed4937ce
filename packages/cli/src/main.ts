import { InputError, PopError } from "@pop/core/errors";
import { releaseProver } from "@pop/protocol/generateProof";
import { credentialIssue } from "./commands/credential.js";
import { demo } from "./commands/demo.js";
import {
  evidenceAddressCheck,
  evidenceCheck,
  evidenceFaceEmbedding,
  evidencePhrase,
  evidencePhraseCheck,
  evidenceRenewalCheck,
  evidenceSentenceCheck,
} from "./commands/evidence.js";
import { identityCreate } from "./commands/identity.js";
import { irisDistance, irisRandom, irisSimilar } from "./commands/iris.js";
import { issuerCreate, issuersAdd, issuersRevoke, issuersRoot } from "./commands/issuer.js";
import {
  chainStart,
  contractsDeploy,
  issuersAddOnchain,
  proofVerifyOnchain,
  setAddOnchain,
  tokenMint,
} from "./commands/onchain.js";
import { proofCreate, proofVerify, proofVkey } from "./commands/proof.js";
import {
  registryAdvance,
  registryAppeal,
  registryChallenge,
  registryClaim,
  registryCredentialCommand,
  registryDeploy,
  registryExecute,
  registryFund,
  registryProcess,
  registryRenew,
  registryRevoke,
  registryRule,
  registrySeed,
  registryStatus,
  registryVouch,
  registryVouchallenger,
  registryWithdraw,
} from "./commands/registry.js";
import { setAdd, setRoot } from "./commands/set.js";
import {
  uniquenessCheck,
  uniquenessDelete,
  uniquenessEnroll,
  uniquenessInit,
  uniquenessNode,
  uniquenessPackage,
} from "./commands/uniqueness.js";
import type { CommandResult } from "./result.js";

type Command = (argv: string[]) => Promise<CommandResult>;

const COMMANDS: Record<string, Command> = {
  "identity create": identityCreate,
  "issuer create": issuerCreate,
  "issuers add": issuersAdd,
  "issuers revoke": issuersRevoke,
  "issuers root": issuersRoot,
  "credential issue": credentialIssue,
  "set add": setAdd,
  "set root": setRoot,
  "proof create": proofCreate,
  "proof vkey": proofVkey,
  "proof verify": proofVerify,
  "chain start": chainStart,
  "contracts deploy": contractsDeploy,
  "token mint": tokenMint,
  "iris distance": irisDistance,
  "iris random": irisRandom,
  "iris similar": irisSimilar,
  "uniqueness init": uniquenessInit,
  "uniqueness node": uniquenessNode,
  "uniqueness package": uniquenessPackage,
  "uniqueness check": uniquenessCheck,
  "uniqueness enroll": uniquenessEnroll,
  "uniqueness delete": uniquenessDelete,
  "evidence check": evidenceCheck,
  "evidence address-check": evidenceAddressCheck,
  "evidence face-embedding": evidenceFaceEmbedding,
  "evidence phrase": evidencePhrase,
  "evidence phrase-check": evidencePhraseCheck,
  "evidence sentence-check": evidenceSentenceCheck,
  "evidence renewal-check": evidenceRenewalCheck,
  "registry deploy": registryDeploy,
  "registry seed": registrySeed,
  "registry claim": registryClaim,
  "registry credential": registryCredentialCommand,
  "registry fund": registryFund,
  "registry vouch": registryVouch,
  "registry advance": registryAdvance,
  "registry challenge": registryChallenge,
  "registry rule": registryRule,
  "registry appeal": registryAppeal,
  "registry execute": registryExecute,
  "registry process": registryProcess,
  "registry renew": registryRenew,
  "registry revoke": registryRevoke,
  "registry withdraw": registryWithdraw,
  "registry status": registryStatus,
  "registry vouchallenger": registryVouchallenger,
  demo,
};

/** Commands whose --onchain form works against a deployment instead of local files. */
const ONCHAIN: Record<string, Command> = {
  "issuers add": issuersAddOnchain,
  "set add": setAddOnchain,
  "proof verify": proofVerifyOnchain,
};

const USAGE = `pop: proof of personhood. Every command prints JSON on stdout.
Exit codes: 0 success, 1 a negative answer (invalid proof, refused credential), 2 bad input.

  pop demo [--dir D]
  pop identity create --out id.json [--force]
  pop issuer create --out issuer.json [--id 0..1023] [--name S] [--force]
  pop issuers add --issuers issuers.json --issuer issuer.json
  pop issuers revoke --issuers issuers.json --id N
  pop issuers root --issuers issuers.json
  pop credential issue --issuer issuer.json --commitment C --kind registry|biometric|kyc
                       --country <ISO 3166 numeric> --expires <ISO date> [--issued-at <ISO>]
                       --out cred.json [--force]
  pop set add --set set.json --credential cred.json [--issuers issuers.json]
  pop set root --set set.json
  pop proof create --identity id.json --credential cred.json --set set.json
                   --issuers issuers.json --scope S --message M [--disclose country,kind]
                   [--at <ISO time>] --out proof.json [--force]
  pop proof vkey [--depth 20|32]
  pop proof verify --proof proof.json --set set.json --issuers issuers.json --scope S
                   [--message M] [--at <ISO time>] [--max-age <seconds>]

Iris codes (open-iris JSON: {"iris_codes": "<base64>", "mask_codes": "<base64>"}):
  pop iris distance --a a.json --b b.json [--rotations 15]   (0 gives the plain distance)
  pop iris random [--seed S] [--out f.json] [--force]
  pop iris similar --of a.json --flip <rate 0..1> [--rotate r] [--seed S] [--out f.json] [--force]

Uniqueness (three MPC nodes; each holds only its shares of each template):
  pop uniqueness init --dir D [--base-port 7100] [--host 127.0.0.1] [--force]
  pop uniqueness node --party 0|1|2 --data D/node0 --port 7100      (runs until stopped)
  pop uniqueness package --cluster D/cluster.json (--iris a.json | --face embedding.json) --out pkg.json [--force]
  pop uniqueness check --cluster D/cluster.json --package pkg.json   (exit 0 unique, 1 not)
  pop uniqueness enroll --cluster D/cluster.json --package pkg.json [--person <32 hex>]
  pop uniqueness delete --cluster D/cluster.json --person <32 hex>

Evidence (Proof of Humanity policy rules; exit 0 accepted, 1 refused):
  pop evidence check --address <address> [--photo p.jpg] [--video v.mp4] [--shown <text on the sign>]
                     [--transcript t.txt] [--sentence certification|renewal|revocation]
                     [--lang english|spanish] [--prompts blink@1-3,turn-left@4-6] [--transcribe] [--human]
  pop evidence face-embedding --photo p.jpg --out embedding.json [--force]   (for uniqueness --face)
  pop evidence address-check --expected <address> --shown <text on the sign>
  pop evidence phrase --address <address> [--lang english|spanish]
  pop evidence phrase-check --address <address> --announced "<words said>" [--lang english|spanish]
  pop evidence sentence-check --sentence certification|renewal|revocation --transcript t.txt
                              [--lang english|spanish]
  pop evidence renewal-check --rpc URL --submitted <ISO> [--window 30d]
        --shown-hash <hex prefix> --shown-time <ISO> [--tolerance 60]          (block on the sign)
      | --block-hash 0x… --signature 0x… --submitter 0x… [--shown-hash <hex>]   (signed block hash)

On a chain (RPC from --rpc or POP_RPC_URL; the signing key only from POP_PRIVATE_KEY, which
defaults to anvil's first development account on chain 31337):
  pop chain start
  pop contracts deploy [--rpc URL] [--out deployment.json] [--root-validity s]
                       [--max-proof-age s] [--force]
  pop issuers add --onchain --deployment d.json --issuer issuer.json
                  [--kinds registry,biometric,kyc] [--registrar 0x…]
  pop set add --onchain --deployment d.json --credential cred.json
  pop proof create … --onchain --deployment d.json   (instead of --set and --issuers; time: the chain's)
  pop proof verify --onchain --deployment d.json --proof proof.json --scope S [--message M]
  pop token mint --deployment d.json --identity id.json --credential cred.json

Curated registry (Proof of Humanity v2 semantics; amounts in wei, or ether as 0.05eth):
  pop registry deploy --deployment d.json --issuer-id N (--jurors 0x…,0x…,0x… | --arbitrator 0x…)
                      [--base-deposit wei] [--challenge-period s] [--required-vouches n]
                      [--arbitration-cost wei] [--appeal-cost wei] [--appeal-window s]
                      [--policy CID] [--out registry.json] [--force]
  pop registry seed --registry r.json --id 0x… --owner 0x… --commitment N      (governance)
  pop registry claim --registry r.json --identity id.json --evidence CID [--id 0x…] [--value wei]
                     [--photo p.jpg] [--video v.mp4] [--shown <sign text>] [--force]
                     (with --photo/--video, a failing evidence pre-flight spends no deposit)
  pop registry fund --registry r.json --request N --value wei
  pop registry vouch --registry r.json --for 0xclaimer [--id 0x…]
                     [--sign [--expires s] [--out vouch.json] [--force]]   (EIP-712, no transaction)
  pop registry advance --registry r.json --claimer 0x… [--vouchers 0x…[,0x…]] [--signed v.json[,…]]
  pop registry challenge --registry r.json --request N --reason
                         incorrect-submission|deceased|identity-theft|sybil-attack|none
                         [--duplicate 0x…] [--evidence CID]
  pop registry rule --registry r.json --dispute N (--vote requester|challenger|refuse | --execute)
  pop registry appeal --registry r.json --request N --challenge i --side requester|challenger --value wei
  pop registry execute --registry r.json --request N     (after the challenge period)
  pop registry process --registry r.json --request N     (release or penalise vouchers)
  pop registry renew --registry r.json --evidence CID [--identity new-id.json]
  pop registry revoke --registry r.json (--id 0x… --evidence CID | --own)
  pop registry withdraw --registry r.json [--request N [--challenge i --round r]]
  pop registry credential --registry r.json [--id 0x…] [--identity id.json] [--out cred.json] [--force]
  pop registry credential --registry r.json --check cred.json   (the registration log, on chain)
  pop registry status --registry r.json (--id 0x… | --pending) [--index registry.sqlite]
  pop registry vouchallenger --registry r.json --id 0x… [--index registry.sqlite]
`;

function oneLine(message: string): string {
  return message.replace(/\s+/g, " ").trim();
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const twoWords = `${argv[0]} ${argv[1] ?? ""}`;
  const onchain = argv.includes("--onchain") ? ONCHAIN[twoWords] : undefined;
  const [command, rest] =
    onchain !== undefined
      ? [onchain, argv.slice(2)]
      : COMMANDS[twoWords] !== undefined
        ? [COMMANDS[twoWords], argv.slice(2)]
        : [COMMANDS[argv[0] ?? ""], argv.slice(1)];
  if (command === undefined) {
    process.stderr.write(`pop: unknown command "${argv.slice(0, 2).join(" ")}" (see pop --help)\n`);
    return 2;
  }
  if (rest.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const result = await command(rest);
    if (result.text !== undefined) {
      process.stdout.write(result.text);
    } else if (result.output !== undefined) {
      process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
    }
    return result.exitCode ?? 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`pop: ${oneLine(error.message)}\n`);
      return 2;
    }
    if (error instanceof PopError) {
      process.stderr.write(`pop: ${oneLine(error.message)}\n`);
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

const code = await main(process.argv.slice(2));
await releaseProver();
process.exitCode = code;
