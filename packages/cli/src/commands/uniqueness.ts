import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { createCustodyPackage, createFaceCustodyPackage, parseCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { FACE_DIMENSIONS, quantizeFace } from "@pop/uniqueness/faceTemplate";
import { irisCodeFromJson } from "@pop/uniqueness/irisCode";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { callCluster, newRequestId } from "@pop/uniqueness-node/client";
import { type Cluster, createNodeSecrets, nodeInfo, parseCluster } from "@pop/uniqueness-node/cluster";
import { startNode } from "@pop/uniqueness-node/node";
import { checkId } from "@pop/uniqueness-node/slotStore";
import { parseIntegerOption, parseOptions } from "../args.js";
import { exists, readJsonFile, writeJsonFile } from "../io.js";
import type { CommandResult } from "../result.js";

async function readCluster(path: string): Promise<Cluster> {
  return parseCluster(await readJsonFile(path, "cluster file"), `cluster file ${path}`);
}

/**
 * `pop uniqueness init --dir D [--base-port 7100] [--host 127.0.0.1] [--force]`: keys and
 * data directories for three local nodes (D/node0..2) and the cluster file D/cluster.json.
 */
export async function uniquenessInit(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    dir: { type: "string", required: true },
    "base-port": { type: "string" },
    host: { type: "string" },
    force: { type: "boolean" },
  });
  const basePort = parseIntegerOption(options["base-port"] ?? "7100", "base-port", 1024, 65_533);
  const host = options.host ?? "127.0.0.1";
  if (!options.force && (await exists(join(options.dir, "cluster.json")))) {
    throw new InputError(`${join(options.dir, "cluster.json")} already exists (pass --force to replace it)`);
  }
  const secrets = ([0, 1, 2] as const).map((party) => createNodeSecrets(party));
  const cluster: Cluster = {
    type: "pop.uniquenessCluster",
    version: 1,
    nodes: secrets.map((s, i) => nodeInfo(s, `http://${host}:${basePort + i}`)) as Cluster["nodes"],
  };
  for (const [i, s] of secrets.entries()) {
    const dir = join(options.dir, `node${i}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeJsonFile(join(dir, "node-key.json"), s, { mode: 0o600, overwrite: options.force });
    await writeJsonFile(join(dir, "cluster.json"), cluster, { overwrite: options.force });
  }
  await writeJsonFile(join(options.dir, "cluster.json"), cluster, { overwrite: options.force });
  return { output: { cluster: join(options.dir, "cluster.json"), nodes: cluster.nodes.map((n) => n.url) } };
}

/** `pop uniqueness node --party 0|1|2 --data DIR --port P`: runs one node until SIGINT/SIGTERM. */
export async function uniquenessNode(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    party: { type: "string", required: true },
    data: { type: "string", required: true },
    port: { type: "string", required: true },
    host: { type: "string" },
  });
  const party = parseIntegerOption(options.party, "party", 0, 2) as Party;
  const port = parseIntegerOption(options.port, "port", 1, 65_535);
  const timeout = process.env.POP_NODE_PEER_TIMEOUT_MS;
  const node = await startNode({
    dataDir: options.data,
    port,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(timeout === undefined ? {} : { peerTimeoutMs: Number(timeout) }),
  });
  if (node.party !== party) {
    await node.close();
    throw new InputError(`--party ${party} does not match ${options.data}/node-key.json (party ${node.party})`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await node.close();
  return { output: undefined };
}

/**
 * A face embedding file: a JSON array of 1,024 numbers, or an object whose "embedding" field
 * is one (as face models write them).
 */
function faceEmbeddingFrom(value: unknown, name: string): number[] {
  const list =
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>).embedding
      : value;
  if (!Array.isArray(list) || list.length !== FACE_DIMENSIONS || !list.every((x) => typeof x === "number")) {
    throw new InputError(`${name} must hold ${FACE_DIMENSIONS} numbers (an array, or {"embedding": [...]})`);
  }
  return list as number[];
}

/**
 * `pop uniqueness package --cluster c.json (--iris a.json | --face e.json) --out pkg.json [--force]`:
 * shares the template on this machine and seals each node's part to it.
 */
export async function uniquenessPackage(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    cluster: { type: "string", required: true },
    iris: { type: "string" },
    face: { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  });
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
            faceEmbeddingFrom(
              await readJsonFile(options.face!, "face embedding file"),
              `face embedding file ${options.face}`,
            ),
          ),
          keys,
        );
  await writeJsonFile(options.out, pkg, { mode: 0o600, overwrite: options.force });
  return { output: { out: options.out, modality: pkg.modality } };
}

async function readPackage(path: string) {
  return parseCustodyPackage(await readJsonFile(path, "custody package"), `custody package ${path}`);
}

/** `pop uniqueness check --cluster c.json --package pkg.json`: exit 0 unique, 1 not. */
export async function uniquenessCheck(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    cluster: { type: "string", required: true },
    package: { type: "string", required: true },
  });
  const cluster = await readCluster(options.cluster);
  const body = { requestId: newRequestId(), package: await readPackage(options.package) };
  const { result, answers } = await callCluster({ cluster, kind: "check", body });
  return {
    output: { requestId: body.requestId, ...result, signatures: answers.map((a) => a.signature) },
    exitCode: result.unique === true ? 0 : 1,
  };
}

/** `pop uniqueness enroll --cluster c.json --package pkg.json [--person ID]`: exit 0 enrolled, 1 not. */
export async function uniquenessEnroll(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    cluster: { type: "string", required: true },
    package: { type: "string", required: true },
    person: { type: "string" },
  });
  const cluster = await readCluster(options.cluster);
  const personId = options.person === undefined ? newRequestId() : checkId(options.person, "--person");
  const body = { requestId: newRequestId(), personId, package: await readPackage(options.package) };
  const { result, answers } = await callCluster({ cluster, kind: "enroll", body });
  return {
    output: { requestId: body.requestId, personId, ...result, signatures: answers.map((a) => a.signature) },
    exitCode: result.enrolled === true ? 0 : 1,
  };
}

/** `pop uniqueness delete --cluster c.json --person ID`. */
export async function uniquenessDelete(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    cluster: { type: "string", required: true },
    person: { type: "string", required: true },
  });
  const cluster = await readCluster(options.cluster);
  const body = { requestId: newRequestId(), personId: checkId(options.person, "--person") };
  const { result, answers } = await callCluster({ cluster, kind: "delete", body });
  return { output: { requestId: body.requestId, ...result, signatures: answers.map((a) => a.signature) } };
}
