import { hexToBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { type ClientKey, parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { type Cluster, checkNodeHost, parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { createCustodyPackage, createFaceCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { parseFaceEmbedding } from "@pop/uniqueness/faceEmbedding";
import { quantizeFace } from "@pop/uniqueness/faceTemplate";
import { irisCodeFromJson } from "@pop/uniqueness/irisCode";
import { checkId, newRequestId } from "@pop/uniqueness/wire/ids";
import { parseRequestPackage } from "@pop/uniqueness/wire/requests";
import { initLocalCluster } from "@pop/uniqueness-node/initCluster";
import { serveNode } from "@pop/uniqueness-node/main";
import { parseIntegerOption } from "../args.js";
import { type Command, defineCommand } from "../command.js";
import { readJsonFile, writeJsonFile } from "../io.js";

async function readCluster(path: string): Promise<Cluster> {
  return parseCluster(await readJsonFile(path, "cluster file"), `cluster file ${path}`);
}

async function readClient(path: string): Promise<ClientKey> {
  return parseClientKey(await readJsonFile(path, "client key file"), `client key file ${path}`);
}

async function readPackage(path: string) {
  return parseRequestPackage(await readJsonFile(path, "custody package"), `custody package ${path}`);
}

const signaturesOf = (answers: { signature: string }[]) => answers.map((answer) => answer.signature);

/** `pop uniqueness init`: a local three-node cluster, written all-or-nothing (initLocalCluster). */
export const uniquenessInit = defineCommand({
  name: "uniqueness init",
  usage: `pop uniqueness init --dir D [--base-port 7100] [--host 127.0.0.1] [--force]
  On one machine, what the operators, an issuer and a capture source would each make on theirs:
  keys and data directories for three nodes (D/node0..2; node i's client port is base-port + i,
  its peer port base-port + 3 + i), the client "local-issuer" (D/client-key.json), the source
  "local-source" (D/source-key.json) and the cluster file D/cluster.json; all or none is written.`,
  options: {
    dir: { type: "string", required: true },
    "base-port": { type: "string" },
    host: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    const basePort = parseIntegerOption(options["base-port"] ?? "7100", "base-port", 1024, 65_530);
    const host = checkNodeHost(options.host ?? "127.0.0.1", "--host");
    const made = await initLocalCluster({ dir: options.dir, basePort, host, force: options.force });
    return { output: made };
  },
});

/**
 * `pop uniqueness node`: the node's own command (pop-uniqueness-node), run in this process. Its
 * arguments go to the node's parser as they are: one code path for both.
 */
export const uniquenessNode: Command = {
  name: "uniqueness node",
  usage: `pop uniqueness node --party 0|1|2 --data D/node0 [--port 7100] [--peer-port 7103] [--host 127.0.0.1] [--peer-timeout ms]
  Runs one node until SIGINT/SIGTERM (ports default to its URLs in D/node0/cluster.json); prints
  {"ready":true,…} on stdout once both its ports listen.`,
  main: async (argv) => {
    await serveNode(argv);
    return { output: undefined };
  },
};

/** `pop uniqueness package`: a custody package of an iris code or a face embedding. */
export const uniquenessPackage = defineCommand({
  name: "uniqueness package",
  usage: `pop uniqueness package --cluster D/cluster.json (--iris a.json | --face embedding.json) --out pkg.json [--force]
  Shares the template on this machine and seals each node's part to it.`,
  options: {
    cluster: { type: "string", required: true },
    iris: { type: "string" },
    face: { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    if ((options.iris === undefined) === (options.face === undefined)) {
      throw new InputError("give exactly one of --iris <iris code file> and --face <face embedding file>");
    }
    const cluster = await readCluster(options.cluster);
    const keys = cluster.nodes.map((node) => hexToBytes(node.encryptionKey, "encryptionKey", 32)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const pkg =
      options.iris !== undefined
        ? createCustodyPackage(
            irisCodeFromJson(await readJsonFile(options.iris, "iris code file"), `iris code file ${options.iris}`),
            keys,
          )
        : createFaceCustodyPackage(
            quantizeFace(
              parseFaceEmbedding(
                await readJsonFile(options.face!, "face embedding file"),
                `face embedding file ${options.face}`,
              ),
            ),
            keys,
          );
    await writeJsonFile(options.out, pkg, { mode: 0o600, overwrite: options.force });
    return { output: { out: options.out, modality: pkg.modality } };
  },
});

/** `pop uniqueness check`: whether the package's person is unlike everyone enrolled. */
export const uniquenessCheck = defineCommand({
  name: "uniqueness check",
  usage: `pop uniqueness check --cluster D/cluster.json --client D/client-key.json --package pkg.json   (exit 0 unique, 1 not)`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    package: { type: "string", required: true },
  },
  async run(options) {
    const cluster = await readCluster(options.cluster);
    const body = { requestId: newRequestId(), package: await readPackage(options.package) };
    const client = await readClient(options.client);
    const { result, answers } = await callCluster({ cluster, kind: "check", body, client });
    return {
      output: { requestId: body.requestId, ...result, signatures: signaturesOf(answers) },
      exitCode: result.unique ? 0 : 1,
      summary: `a matching person is enrolled (${result.modality})`,
    };
  },
});

/** `pop uniqueness enroll`: check, and if unique, enrol. */
export const uniquenessEnroll = defineCommand({
  name: "uniqueness enroll",
  usage: `pop uniqueness enroll --cluster D/cluster.json --client D/client-key.json --package pkg.json [--person <32 hex>]
  Enrols the person if no one like them is enrolled (exit 0 enrolled, 1 not).`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    package: { type: "string", required: true },
    person: { type: "string" },
  },
  async run(options) {
    const cluster = await readCluster(options.cluster);
    const personId = options.person === undefined ? newRequestId() : checkId(options.person, "--person");
    const body = { requestId: newRequestId(), personId, package: await readPackage(options.package) };
    const client = await readClient(options.client);
    const { result, answers } = await callCluster({ cluster, kind: "enroll", body, client });
    return {
      output: { requestId: body.requestId, personId, ...result, signatures: signaturesOf(answers) },
      exitCode: result.enrolled ? 0 : 1,
    };
  },
});

/** `pop uniqueness delete`: remove a person from every gallery. */
export const uniquenessDelete = defineCommand({
  name: "uniqueness delete",
  usage: `pop uniqueness delete --cluster D/cluster.json --client D/client-key.json --person <32 hex>
  Removes the person from every gallery (exit 0 deleted, 1 not enrolled).`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    person: { type: "string", required: true },
  },
  async run(options) {
    const cluster = await readCluster(options.cluster);
    const body = { requestId: newRequestId(), personId: checkId(options.person, "--person") };
    const client = await readClient(options.client);
    const { result, answers } = await callCluster({ cluster, kind: "delete", body, client });
    return {
      output: { requestId: body.requestId, ...result, signatures: signaturesOf(answers) },
      exitCode: result.deleted ? 0 : 1,
      summary: `person ${body.personId} is not enrolled: nothing was deleted`,
    };
  },
});
