import type { Case, Doc } from "./badInputHarness.js";

/**
 * Bad input to the commands on an enrolled person's entry, before any node is contacted:
 * enroll's authenticator commitment, delete's reason or consent, the consent file, and the
 * person's side (pop uniqueness consent).
 */

const CLUSTER = ["--cluster", "cluster/cluster.json"];
const CLIENT = ["--client", "cluster/client-key.json"];
/** A well-formed consent document (its signature is checked by the nodes, not read here). */
const CONSENT = {
  type: "pop-delete-consent",
  version: 1,
  personId: "0".repeat(32),
  requestId: "1".repeat(32),
  client: "local-issuer",
  consent: { publicKey: ["1", "2"], signature: { R8: ["3", "4"], S: "5" } },
};

export const uniquenessEntryCases: Case[] = [
  {
    name: "uniqueness enroll: without --commitment",
    args: ["uniqueness", "enroll", ...CLUSTER, ...CLIENT, "--package", "pkg.json"],
    code: 2,
    line: "pop: missing required option --commitment",
  },
  ...[
    ["01", "pop: --commitment must be a decimal string"],
    ["-5", "pop: --commitment must be a decimal string"],
    [
      "21888242871839275222246405745257275088548364400416034343698204186575808495617",
      "pop: --commitment is not a canonical field element (>= the modulus)",
    ],
  ].map(
    ([value, line]): Case => ({
      name: `uniqueness enroll --commitment ${value!.slice(0, 12)}`,
      args: ["uniqueness", "enroll", ...CLUSTER, ...CLIENT, "--package", "pkg.json", "--commitment", value!],
      code: 2,
      line: line!,
    }),
  ),
  // delete: exactly one of the issuer's reason and the person's consent
  ...[["--reason", "revoked", "--consent", "consent.json"], []].map(
    (extra): Case => ({
      name: `uniqueness delete: ${extra.length === 0 ? "neither --reason nor --consent" : "both --reason and --consent"}`,
      args: ["uniqueness", "delete", ...CLUSTER, ...CLIENT, "--person", "0".repeat(32), ...extra],
      code: 2,
      line: 'pop: give exactly one of --reason "text" (the issuer\'s) and --consent <consent file>',
    }),
  ),
  {
    name: "uniqueness delete --reason without --person",
    args: ["uniqueness", "delete", ...CLUSTER, ...CLIENT, "--reason", "revoked"],
    code: 2,
    line: "pop: --reason needs --person <32 hex>: the person to delete",
  },
  {
    name: "uniqueness delete --consent: an identity file, not a consent",
    args: ["uniqueness", "delete", ...CLUSTER, ...CLIENT, "--consent", "id.json"],
    code: 2,
    line: 'pop: consent file id.json has an unknown field "privateKey"',
  },
  ...[
    [(d: Doc) => ({ ...d, type: "pop-identity" }), 'consent file t.json.type must be "pop-delete-consent"'],
    [(d: Doc) => ({ ...d, personId: "xyz" }), "consent file t.json.personId must be 32 lower-case hex characters"],
    [(d: Doc) => ({ ...d, requestId: 7 }), "consent file t.json.requestId must be 32 lower-case hex characters"],
    [(d: Doc) => ({ ...d, client: "local issuer" }), "consent file t.json.client is malformed"],
    [
      (d: Doc) => ({ ...d, consent: { ...d.consent, publicKey: ["1"] } }),
      "consent file t.json.consent.publicKey must have 2 items, not 1",
    ],
    [
      (d: Doc) => ({ ...d, consent: { ...d.consent, signature: { R8: ["1", "2"], S: "0x5" } } }),
      "consent file t.json.consent.signature.S must be a decimal string",
    ],
    [(d: Doc) => ({ ...d, extra: true }), 'consent file t.json has an unknown field "extra"'],
  ].map(
    ([change, message]): Case => ({
      name: `uniqueness delete --consent: ${message as string}`,
      args: ["uniqueness", "delete", ...CLUSTER, ...CLIENT, "--consent", "t.json"],
      code: 2,
      line: `pop: ${message as string}`,
      files: { "t.json": JSON.stringify((change as (d: Doc) => Doc)(CONSENT)) },
    }),
  ),
  // consent: the person's side, before any node
  ...[
    ["--person", "xyz", "pop: --person must be 32 lower-case hex characters"],
    ["--client-id", "local issuer", "pop: --client-id is malformed"],
    ["--request-id", "123", "pop: --request-id must be 32 lower-case hex characters"],
  ].map(
    ([option, value, line]): Case => ({
      name: `uniqueness consent ${option} ${value}`,
      args: [
        "uniqueness",
        "consent",
        ...Object.entries({
          "--identity": "id.json",
          "--person": "0".repeat(32),
          "--client-id": "local-issuer",
          "--out": "consent.json",
          [option!]: value!,
        }).flat(),
      ],
      code: 2,
      line: line!,
    }),
  ),
  {
    name: "uniqueness consent: an identity file that is not one",
    args: [
      "uniqueness",
      "consent",
      ...["--identity", "iris.json", "--person", "0".repeat(32), "--client-id", "local-issuer", "--out", "c.json"],
    ],
    code: 2,
    line: /^pop: identity has an unknown field "iris_codes"$/,
  },
];
