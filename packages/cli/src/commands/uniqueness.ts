import { hexToBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { parseDecimal } from "@pop/protocol/field";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { type ClientKey, parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { type Cluster, checkNodeHost, MAX_NODE_SHARDS, parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { parseSourceKey } from "@pop/uniqueness/cluster/sourceKey";
import { createCustodyPackage } from "@pop/uniqueness/custody/package";
import { parseCustodyPackage } from "@pop/uniqueness/custody/parsePackage";
import { parseFaceEmbedding } from "@pop/uniqueness/faceEmbedding";
import { quantizeFace } from "@pop/uniqueness/faceTemplate";
import { irisCodeFromJson } from "@pop/uniqueness/irisCode";
import { checkId, newRequestId } from "@pop/uniqueness/wire/ids";
import { initLocalCluster, maxBasePort } from "@pop/uniqueness-node/initCluster";
import { serveNode } from "@pop/uniqueness-node/main";
import { parseIntegerOption } from "../args.js";
import { type Command, defineCommand } from "../command.js";
import { readIdentityFile } from "../files.js";
import { readJsonFile, writeJsonFile } from "../io.js";

/** Reads a cluster file (also for uniquenessEntry.ts). */
export async function readCluster(path: string): Promise<Cluster> {
  return parseCluster(await readJsonFile(path, "cluster file"), `cluster file ${path}`);
}

/** Reads a registered client's key file. */
export async function readClient(path: string): Promise<ClientKey> {
  return parseClientKey(await readJsonFile(path, "client key file"), `client key file ${path}`);
}

/** Reads a custody package. */
export async function readPackage(path: string) {
  return parseCustodyPackage(await readJsonFile(path, "custody package"), `custody package ${path}`);
}

/** The three nodes' signatures of an answer, by party. */
export const signaturesOf = (answers: { signature: string }[]) => answers.map((answer) => answer.signature);

/** `pop uniqueness init`: a local three-node cluster, written all-or-nothing (initLocalCluster). */
export const uniquenessInit = defineCommand({
  name: "uniqueness init",
  usage: `pop uniqueness init --dir D [--base-port 7100] [--host 127.0.0.1] [--shards K] [--force]
  On one machine, what the operators, an issuer and a capture source would each make on theirs:
  keys and data directories for three nodes (D/node0..2; node i's client port is base-port + i,
  its peer port base-port + 3 + i; with --shards K each node runs K shard workers, node i's
  shard k on base-port + 6 + i·K + k), the client "local-issuer" (D/client-key.json), the source
  "local-source" (D/source-key.json) and the cluster file D/cluster.json; all or none is written.`,
  options: {
    dir: { type: "string", required: true },
    "base-port": { type: "string" },
    host: { type: "string" },
    shards: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    const shards =
      options.shards === undefined ? undefined : parseIntegerOption(options.shards, "shards", 1, MAX_NODE_SHARDS);
    const basePort = parseIntegerOption(options["base-port"] ?? "7100", "base-port", 1024, maxBasePort(shards));
    const host = checkNodeHost(options.host ?? "127.0.0.1", "--host");
    const made = await initLocalCluster({
      dir: options.dir,
      basePort,
      host,
      force: options.force,
      ...(shards === undefined ? {} : { shards }),
    });
    return { output: made };
  },
});

/**
 * `pop uniqueness node`: the node's own command (pop-uniqueness-node), run in this process. Its
 * arguments go to the node's parser as they are: one code path for both.
 */
export const uniquenessNode: Command = {
  name: "uniqueness node",
  usage: `pop uniqueness node --party 0|1|2 --data D/node0 [--port 7100] [--peer-port 7103] [--host 127.0.0.1] [--peer-timeout ms] [--crash-at STEP]
  Runs one node until SIGINT/SIGTERM (ports default to its URLs in D/node0/cluster.json); prints
  {"ready":true,…} on stdout once both its ports listen. --crash-at is for testing only: the node
  kills itself the first time it reaches that step of enrol, delete or recover.`,
  main: async (argv) => {
    await serveNode(argv);
    return { output: undefined };
  },
};

/** `pop uniqueness package`: a signed custody package of both eyes or a face, for a person's N. */
export const uniquenessPackage = defineCommand({
  name: "uniqueness package",
  usage: `pop uniqueness package --cluster D/cluster.json --source D/source-key.json
    (--left l.json --right r.json | --face embedding.json)
    (--identity identity.json | --nullifier-commitment N) --out pkg.json [--force]
  Shares the templates on this machine, seals each node's part to it with an escrow share of
  the identity's n (none with --nullifier-commitment: a recovery's capture), and signs as the
  capture source.`,
  options: {
    cluster: { type: "string", required: true },
    source: { type: "string", required: true },
    left: { type: "string" },
    right: { type: "string" },
    face: { type: "string" },
    identity: { type: "string" },
    "nullifier-commitment": { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    const irises = options.left !== undefined || options.right !== undefined;
    if (
      irises === (options.face !== undefined) ||
      (irises && (options.left === undefined || options.right === undefined))
    ) {
      throw new InputError("give --left and --right (both eyes' iris code files), or --face <face embedding file>");
    }
    if ((options.identity === undefined) === (options["nullifier-commitment"] === undefined)) {
      throw new InputError("give exactly one of --identity <identity file> and --nullifier-commitment <N>");
    }
    const cluster = await readCluster(options.cluster);
    const source = parseSourceKey(
      await readJsonFile(options.source, "source key file"),
      `source key file ${options.source}`,
    );
    const nodeKeys = cluster.nodes.map((node) => hexToBytes(node.encryptionKey, "encryptionKey", 32)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const readIris = async (path: string) =>
      irisCodeFromJson(await readJsonFile(path, "iris code file"), `iris code file ${path}`);
    const templates = irises
      ? { modality: "iris" as const, left: await readIris(options.left!), right: await readIris(options.right!) }
      : {
          modality: "face" as const,
          face: quantizeFace(
            parseFaceEmbedding(
              await readJsonFile(options.face!, "face embedding file"),
              `face embedding file ${options.face}`,
            ),
          ),
        };
    const keys =
      options.identity !== undefined
        ? { nullifierKey: (await readIdentityFile(options.identity)).nullifierKey }
        : { nullifierCommitment: parseDecimal(options["nullifier-commitment"]!, "--nullifier-commitment") };
    const pkg = createCustodyPackage({
      templates,
      nodeKeys,
      ...keys,
      source: { id: source.id, signing: source.signing },
    });
    await writeJsonFile(options.out, pkg, { mode: 0o600, overwrite: options.force });
    return {
      output: {
        out: options.out,
        modality: pkg.modality,
        nullifierCommitment: pkg.nullifierCommitment,
        escrow: pkg.escrow.length === 3,
      },
    };
  },
});

/** `pop uniqueness check`: whether the package's person is unlike everyone enrolled. */
export const uniquenessCheck = defineCommand({
  name: "uniqueness check",
  usage: `pop uniqueness check --cluster D/cluster.json --client D/client-key.json --package pkg.json   
  Answers unique (exit 0), same-human or conflict (exit 1).`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    package: { type: "string", required: true },
  },
  async run(options) {
    const cluster = await readCluster(options.cluster);
    const body = { package: await readPackage(options.package) };
    const client = await readClient(options.client);
    const { requestId, result, answers } = await callCluster({ cluster, kind: "check", body, client });
    return {
      output: { requestId, ...result, signatures: signaturesOf(answers) },
      exitCode: result.decision === "unique" ? 0 : 1,
      summary:
        result.decision === "conflict"
          ? `another person (another N) matches (${result.modality})`
          : `the same human (this N) is enrolled (${result.modality})`,
    };
  },
});

/** `pop uniqueness enroll`: check, and if unique, enrol. */
export const uniquenessEnroll = defineCommand({
  name: "uniqueness enroll",
  usage: `pop uniqueness enroll --cluster D/cluster.json --client D/client-key.json --package pkg.json --commitment C [--person <32 hex>]
  Enrols the person if no one like them is enrolled (exit 0 enrolled, 1 not: the same human or
  another person matches, the person id is taken, or the template is out of form). C is the
  commitment of the person's authenticator (what \`pop identity create\` prints): their consent
  to a delete must be signed by that authenticator (pop uniqueness consent).`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    package: { type: "string", required: true },
    commitment: { type: "string", required: true },
    person: { type: "string" },
  },
  async run(options) {
    const commitment = String(parseDecimal(options.commitment, "--commitment"));
    const cluster = await readCluster(options.cluster);
    const personId = options.person === undefined ? newRequestId() : checkId(options.person, "--person");
    const body = { personId, package: await readPackage(options.package), commitment };
    const client = await readClient(options.client);
    const { requestId, result, answers } = await callCluster({ cluster, kind: "enroll", body, client });
    return {
      output: { requestId, personId, ...result, signatures: signaturesOf(answers) },
      exitCode: result.enrolled ? 0 : 1,
      ...(result.enrolled ? {} : { summary: `not enrolled: ${result.reason}` }),
    };
  },
});
