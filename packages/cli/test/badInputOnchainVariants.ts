import { type Case, duplicateKey, edited } from "./badInputHarness.js";
import { V1_IDENTITY_LINE, v1Identity } from "./badInputIdentities.js";
import { asRegistryCredential } from "./pop.js";

/**
 * The chain half's cases for the on-chain variants of local commands (issuers add, set add and
 * set update --onchain, proof verify --onchain) and the token commands: run by
 * badInputChain.test.ts, whose chain holds issuer 1 and cred.json's leaf (not cred.rotated.json's).
 */

const DEPLOYMENT = ["--deployment", "deployment.json"];
const STRANGER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const UNREACHABLE = { POP_RPC_URL: "http://127.0.0.1:9" };
const issuersAdd = ["issuers", "add", "--onchain", ...DEPLOYMENT, "--issuer", "issuer2.json"];
const update = (from: string, to: string) => ["set", "update", "--onchain", ...DEPLOYMENT, "--from", from, "--to", to];

export const onchainVariantCases: Case[] = [
  {
    name: "issuers add --onchain --kinds passport",
    args: [...issuersAdd, "--kinds", "passport"],
    code: 2,
    line: '--kinds takes a comma-separated list of registry, biometric, kyc (not "passport")'.replace(/^/, "pop: "),
  },
  {
    name: "issuers add --onchain --registrar 0x12",
    args: [...issuersAdd, "--registrar", "0x12"],
    code: 2,
    line: "pop: --registrar must be a 0x-prefixed 20-byte address",
  },
  {
    name: "issuers add --onchain: an issuer id already taken",
    args: ["issuers", "add", "--onchain", ...DEPLOYMENT, "--issuer", "issuer.json"],
    code: 1,
    line: "pop: the contract refused: IssuerRegistry__IssuerIdTaken(1)",
  },
  {
    name: "set add --onchain: a credential with a key twice",
    args: ["set", "add", "--onchain", ...DEPLOYMENT, "--credential", "t.json"],
    code: 2,
    line: 'pop: credential file t.json has the key "country" twice (in credentialSubject)',
    files: { "t.json": duplicateKey("cred.json", "country", 840) },
  },
  {
    name: "set add --onchain: a leaf already on chain",
    args: ["set", "add", "--onchain", ...DEPLOYMENT, "--credential", "cred.json"],
    code: 1,
    line: "pop: the contract refused: LeafAlreadyExists()",
  },
  // set update --onchain: what the CLI refuses before contacting the chain, then the chain's answers
  {
    name: "set update --onchain: a missing deployment file",
    args: [
      "set",
      "update",
      "--onchain",
      "--deployment",
      "nope.json",
      "--from",
      "cred.json",
      "--to",
      "cred.rotated.json",
    ],
    code: 2,
    line: "pop: deployment file nope.json does not exist",
  },
  {
    name: "set update --onchain: a registry credential, before contacting the chain",
    args: update("cred.json", "t.json"),
    code: 2,
    line: "pop: a registry credential's leaf is inserted by the registry contract, not added by hand",
    files: { "t.json": (f) => JSON.stringify(asRegistryCredential(f.json["cred.rotated.json"])) },
    env: UNREACHABLE,
  },
  {
    name: "set update --onchain: another human's N, before contacting the chain",
    args: update("cred.json", "cred2.json"),
    code: 1,
    line: "pop: the new credential carries another nullifier commitment: an update keeps the human's N (only c and the attributes may change)",
    env: UNREACHABLE,
  },
  {
    name: "set update --onchain: another issuer, before contacting the chain",
    args: update("cred.json", "cred.issuer2.json"),
    code: 1,
    line: "pop: the new credential is from issuer 2, the old one from issuer 1: a credential from another issuer is added, not swapped in",
    env: UNREACHABLE,
  },
  {
    name: "set update --onchain: an old leaf that is not on chain",
    args: update("cred.rotated.json", "cred.json"),
    code: 1,
    line: "pop: the old credential's leaf is not in the on-chain humanity set",
  },
  {
    name: "set update --onchain: a wallet that is not the issuer's registrar",
    args: update("cred.json", "cred.rotated.json"),
    code: 1,
    line: /^pop: the contract refused: HumanitySet__NotRegistrar\(0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC, 1, \d+\)$/,
    env: { POP_PRIVATE_KEY: STRANGER_KEY },
  },
  {
    name: "proof verify --onchain: a disclosure signal with bit 250 set",
    args: ["proof", "verify", "--onchain", ...DEPLOYMENT, "--proof", "t.json", "--scope", "s"],
    code: 1,
    stdout: "answer",
    line: /^pop: the verifier contract refused: PersonhoodVerifier__InvalidDisclosure\(\d+\)$/,
    files: {
      "t.json": edited("proof.json", (d) => {
        d.publicSignals[3] = (BigInt(d.publicSignals[3]) | (2n ** 250n)).toString();
        delete d.decoded;
      }),
    },
  },
  {
    name: "token mint: an identity key AAAAA",
    args: ["token", "mint", ...DEPLOYMENT, "--identity", "t.json", "--credential", "cred.json"],
    code: 2,
    line: "pop: identity.privateKey must be base64",
    files: {
      "t.json": edited("id.json", (d) => {
        d.privateKey = "AAAAA";
      }),
    },
  },
  ...["mint", "refresh"].map(
    (verb): Case => ({
      name: `token ${verb}: a version-1 identity file`,
      args: ["token", verb, ...DEPLOYMENT, "--identity", "t.json", "--credential", "cred.json"],
      code: 2,
      line: V1_IDENTITY_LINE,
      files: { "t.json": v1Identity },
    }),
  ),
];
