import { type Case, type Doc, duplicateKey, edited, TWO_256 } from "./badInputHarness.js";
import { outputCases } from "./badInputKinds.js";

/**
 * Bad input to the iris and uniqueness commands, before any node is contacted: malformed
 * templates, embeddings, cluster files and custody packages, numbers out of range, and
 * multi-file writes that must leave nothing behind.
 */

const CLUSTER = ["--cluster", "cluster/cluster.json"];
/** check, enroll and delete call the cluster as its registered client. */
const CLIENT = ["--client", "cluster/client-key.json"];
const face = (change: (d: Doc) => unknown) => edited("face.json", change);
const node = (change: Record<string, string>) => [
  "uniqueness",
  "node",
  ...Object.entries({ "--party": "0", "--data": "cluster/node0", "--port": "7100", ...change }).flat(),
];
/** A package is signed by the cluster's local source, for the identity's N. */
const SIGNED = ["--source", "cluster/source-key.json", "--identity", "id.json"];
const EYES = ["--left", "iris.json", "--right", "iris.json"];
const packageFace = (file: string) => [
  "uniqueness",
  "package",
  ...CLUSTER,
  ...SIGNED,
  "--face",
  file,
  "--out",
  "new.json",
];

export const irisCases: Case[] = [
  // iris distance / similar / random
  {
    name: "iris distance: iris_codes AAAAA",
    args: ["iris", "distance", "--a", "t.json", "--b", "iris.json"],
    code: 2,
    line: "pop: iris code file t.json.iris_codes must be base64 of 1600 bytes (2136 characters)",
    files: {
      "t.json": edited("iris.json", (d) => {
        d.iris_codes = "AAAAA";
      }),
    },
  },
  {
    name: "iris distance: an unknown field",
    args: ["iris", "distance", "--a", "t.json", "--b", "iris.json"],
    code: 2,
    line: 'pop: iris code file t.json has an unknown field "extra"',
    files: { "t.json": edited("iris.json", (d) => ({ ...d, extra: 1 })) },
  },
  {
    name: "iris distance: mask_codes missing",
    args: ["iris", "distance", "--a", "t.json", "--b", "iris.json"],
    code: 2,
    line: /^pop: iris code file t\.json is missing the field "mask_codes"$/,
    files: {
      "t.json": edited("iris.json", (d) => {
        delete d.mask_codes;
      }),
    },
  },
  {
    name: "iris distance: iris_codes given twice",
    args: ["iris", "distance", "--a", "t.json", "--b", "iris.json"],
    code: 2,
    line: 'pop: iris code file t.json has the key "iris_codes" twice',
    files: { "t.json": duplicateKey("iris.json", "iris_codes", "AAAA") },
  },
  {
    name: "iris distance: iris_codes a number",
    args: ["iris", "distance", "--a", "t.json", "--b", "iris.json"],
    code: 2,
    line: /^pop: iris code file t\.json\.iris_codes must be /,
    files: {
      "t.json": edited("iris.json", (d) => {
        d.iris_codes = 7;
      }),
    },
  },
  {
    name: "iris distance: /dev/zero",
    args: ["iris", "distance", "--a", "/dev/zero", "--b", "iris.json"],
    code: 2,
    line: "pop: iris code file /dev/zero is a device, not a file",
  },
  {
    name: "iris distance: a FIFO",
    args: ["iris", "distance", "--a", "in.fifo", "--b", "iris.json"],
    code: 2,
    line: "pop: iris code file in.fifo is a FIFO, not a file",
    files: { "in.fifo": { fifo: true } },
  },
  ...["100", "-1", TWO_256.toString()].map(
    (r): Case => ({
      name: `iris distance --rotations ${r}`,
      args: ["iris", "distance", "--a", "iris.json", "--b", "iris2.json", "--rotations", r],
      code: 2,
      line: "pop: --rotations must be an integer from 0 to 99",
    }),
  ),
  ...["1.5", "-0.1", "nan", "1e-1", ""].map(
    (flip): Case => ({
      name: `iris similar --flip ${JSON.stringify(flip)}`,
      args: ["iris", "similar", "--of", "iris.json", "--flip", flip],
      code: 2,
      line: flip === "" ? "pop: option --flip must not be empty" : "pop: --flip must be a decimal number from 0 to 1",
    }),
  ),
  ...["-100", "100", "1.5", TWO_256.toString(), "--5"].map(
    (rotate): Case => ({
      name: `iris similar --rotate ${rotate}`,
      args: ["iris", "similar", "--of", "iris.json", "--flip", "0.1", `--rotate=${rotate}`],
      code: 2,
      line: "pop: --rotate must be an integer from -99 to 99",
    }),
  ),
  {
    name: "iris similar: --rotate given twice (-5 and 5)",
    args: ["iris", "similar", "--of", "iris.json", "--flip", "0.1", "--rotate", "-5", "--rotate", "5"],
    code: 2,
    line: "pop: option --rotate given twice",
  },
  ...outputCases("iris random", ["iris", "random", "--seed", "x"], { full: true }),
  // uniqueness, before any node is contacted
  {
    name: "uniqueness init: a node folder that is a file leaves no key behind",
    args: ["uniqueness", "init", "--dir", "newc"],
    code: 2,
    line: "pop: cannot create the folder newc/node1: it is a file",
    files: { "newc/node1": "x" },
  },
  {
    name: "uniqueness init: the third node's key exists, so no other key is written",
    args: ["uniqueness", "init", "--dir", "newc"],
    code: 2,
    line: "pop: newc/node2/node-key.json already exists (pass --force to replace it)",
    files: { "newc/node2/node-key.json": "{}" },
  },
  {
    name: "uniqueness init: --host with a space and a slash",
    args: ["uniqueness", "init", "--dir", "newc", "--host", "bad host/x"],
    code: 2,
    line: "pop: --host must be a host name, an IPv4 address or a bracketed IPv6 address",
  },
  {
    name: "uniqueness init: --dir is a file",
    args: ["uniqueness", "init", "--dir", "id2.json"],
    code: 2,
    line: "pop: cannot create the folder id2.json: it is a file",
  },
  {
    name: "uniqueness init: over an existing cluster",
    args: ["uniqueness", "init", "--dir", "cluster"],
    code: 2,
    line: /^pop: cluster\/.* already exists \(pass --force to replace it\)$/,
  },
  {
    name: "uniqueness init: an unwritable folder (as nobody)",
    args: ["uniqueness", "init", "--dir", "newc"],
    code: 2,
    line: /^pop: cannot (create|write) .*EACCES/,
    user: "nobody",
  },
  ...["70000", "-5", "1023", TWO_256.toString()].map(
    (port): Case => ({
      name: `uniqueness init --base-port ${port}`,
      args: ["uniqueness", "init", "--dir", "newc", "--base-port", port],
      code: 2,
      line: "pop: --base-port must be an integer from 1024 to 65530",
    }),
  ),
  {
    name: "uniqueness package: both eyes and --face",
    args: ["uniqueness", "package", ...CLUSTER, ...SIGNED, ...EYES, "--face", "face.json", "--out", "new.json"],
    code: 2,
    line: "pop: give --left and --right (both eyes' iris code files), or --face <face embedding file>",
  },
  {
    name: "uniqueness package: one eye",
    args: ["uniqueness", "package", ...CLUSTER, ...SIGNED, "--left", "iris.json", "--out", "new.json"],
    code: 2,
    line: "pop: give --left and --right (both eyes' iris code files), or --face <face embedding file>",
  },
  {
    name: "uniqueness package: both --identity and --nullifier-commitment",
    args: ["uniqueness", "package", ...CLUSTER, ...SIGNED, ...EYES, "--nullifier-commitment", "5", "--out", "new.json"],
    code: 2,
    line: "pop: give exactly one of --identity <identity file> and --nullifier-commitment <N>",
  },
  {
    name: "uniqueness package: a face value of 1e300",
    args: packageFace("t.json"),
    code: 2,
    line: "pop: face embedding file t.json.embedding[0] must be a finite number from -1000 to 1000",
    files: {
      "t.json": face((d) => {
        d.embedding[0] = 1e300;
      }),
    },
  },
  {
    name: "uniqueness package: an unknown field in the embedding file",
    args: packageFace("t.json"),
    code: 2,
    line: /^pop: face embedding file t\.json has an unknown field "extra"$/,
    files: { "t.json": face((d) => ({ ...d, extra: 1 })) },
  },
  {
    name: "uniqueness package: 1023 numbers",
    args: packageFace("t.json"),
    code: 2,
    line: 'pop: face embedding file t.json must hold 1024 numbers (an array, or {"embedding": [...]})',
    files: {
      "t.json": face((d) => {
        d.embedding.pop();
      }),
    },
  },
  {
    name: "uniqueness package: a string among the numbers",
    args: packageFace("t.json"),
    code: 2,
    line: 'pop: face embedding file t.json must hold 1024 numbers (an array, or {"embedding": [...]})',
    files: {
      "t.json": face((d) => {
        d.embedding[5] = "0.1";
      }),
    },
  },
  {
    name: "uniqueness package: embedding given twice",
    args: packageFace("t.json"),
    code: 2,
    line: 'pop: face embedding file t.json has the key "embedding" twice',
    files: { "t.json": duplicateKey("face.json", "embedding", []) },
  },
  {
    name: "uniqueness package: a cluster file with a key twice",
    args: ["uniqueness", "package", "--cluster", "t.json", ...SIGNED, ...EYES, "--out", "new.json"],
    code: 2,
    line: 'pop: cluster file t.json has the key "url" twice (in nodes[0])',
    files: { "t.json": duplicateKey("cluster/cluster.json", "url", "http://127.0.0.1:1") },
  },
  {
    name: "uniqueness package: a cluster file of two nodes",
    args: ["uniqueness", "package", "--cluster", "t.json", ...SIGNED, ...EYES, "--out", "new.json"],
    code: 2,
    line: "pop: cluster file t.json.nodes must have 3 items, not 2",
    files: {
      "t.json": edited("cluster/cluster.json", (d) => {
        d.nodes.pop();
      }),
    },
  },
  {
    name: "uniqueness package: a cluster file that is a FIFO",
    args: ["uniqueness", "package", "--cluster", "c.fifo", ...SIGNED, ...EYES, "--out", "new.json"],
    code: 2,
    line: "pop: cluster file c.fifo is a FIFO, not a file",
    files: { "c.fifo": { fifo: true } },
  },
  ...outputCases("uniqueness package", ["uniqueness", "package", ...CLUSTER, ...SIGNED, ...EYES]),
  {
    name: "uniqueness check: a package that is not one",
    args: ["uniqueness", "check", ...CLUSTER, ...CLIENT, "--package", "iris.json"],
    code: 2,
    line: 'pop: custody package iris.json has an unknown field "iris_codes"',
  },
  {
    name: "uniqueness check: a package with a key twice",
    args: ["uniqueness", "check", ...CLUSTER, ...CLIENT, "--package", "t.json"],
    code: 2,
    line: /^pop: custody package t\.json has the key "version" twice$/,
    files: { "t.json": duplicateKey("pkg.json", "version", 1) },
  },
  ...["xyz", "A".repeat(32), "0".repeat(31), "0".repeat(33)].map(
    (person): Case => ({
      name: `uniqueness delete --person ${person}`,
      args: ["uniqueness", "delete", ...CLUSTER, ...CLIENT, "--person", person, "--reason", "revoked"],
      code: 2,
      line: "pop: --person must be 32 lower-case hex characters",
    }),
  ),
  {
    name: "uniqueness enroll --person xyz",
    args: [
      "uniqueness",
      "enroll",
      ...CLUSTER,
      ...CLIENT,
      ...["--package", "pkg.json", "--commitment", "1", "--person", "xyz"],
    ],
    code: 2,
    line: "pop: --person must be 32 lower-case hex characters",
  },
  ...[
    ["--party", "3"],
    ["--port", "0"],
    ["--port", "-1"],
    ["--port", "65536"],
  ].map(
    ([option, value]): Case => ({
      name: `uniqueness node ${option} ${value}`,
      args: node({ [option!]: value! }),
      code: 2,
      line: /^pop: --(party|port) must be an integer from /,
    }),
  ),
  {
    name: "uniqueness node: an unknown option",
    args: ["uniqueness", "node", "--bogus"],
    code: 2,
    line: "pop: unknown option --bogus",
  },
  {
    name: "uniqueness node: --party twice",
    args: ["uniqueness", "node", "--party", "0", "--party", "1", "--data", "cluster/node0", "--port", "7100"],
    code: 2,
    line: "pop: option --party given twice",
  },
];
