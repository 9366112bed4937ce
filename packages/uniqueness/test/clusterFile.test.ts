import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { assembleCluster } from "../src/cluster/assembleCluster.js";
import { clientPublic, createClientKey } from "../src/cluster/clientKey.js";
import { type Cluster, checkNodeHost, nodeUrl, parseCluster } from "../src/cluster/clusterFile.js";
import { createSourceKey, sourcePublic } from "../src/cluster/sourceKey.js";
import { createTlsIdentity } from "../src/cluster/tlsIdentity.js";
import { seededRandom } from "../src/randomSource.js";

const random = seededRandom("clusterFile.test");
const hosts = ["127.0.0.1", "node1.example.org", "[::1]"] as const;
const certificates = await Promise.all(
  hosts.map(async (host, party) => (await createTlsIdentity({ name: `node ${party}`, hosts: [host] })).certificate),
);
const node = (party: 0 | 1 | 2) => ({
  party,
  url: `https://${hosts[party]}:${7100 + party}`,
  peerUrl: `https://${hosts[party]}:${7103 + party}`,
  encryptionKey: bytesToHex(x25519.getPublicKey(random(32).slice())),
  randomnessKey: bytesToHex(x25519.getPublicKey(random(32).slice())),
  signingKey: bytesToHex(ed25519.getPublicKey(random(32).slice())),
  certificate: certificates[party]!,
});
const client = await createClientKey("issuer-a");
const source = createSourceKey({ id: "station-7", kind: "station" });
const good: Cluster = {
  type: "pop.uniquenessCluster",
  version: 2,
  nodes: [node(0), node(1), node(2)],
  clients: [{ ...clientPublic(client), ratePerMinute: 60 }].map(({ id, signingKey, certificate, ratePerMinute }) => ({
    id,
    signingKey,
    certificate,
    ratePerMinute,
  })),
  sources: [{ id: source.id, kind: source.kind, signingKey: sourcePublic(source).signingKey }],
};
const withNode = (i: number, change: Record<string, unknown>) => ({
  ...good,
  nodes: good.nodes.map((n, j) => (j === i ? { ...n, ...change } : n)),
});

describe("the cluster file, version 2", () => {
  it("reads a well-formed file as it is", () => {
    expect(parseCluster(JSON.parse(JSON.stringify(good)), "cluster.json")).toEqual(good);
  });

  it("reads shard ring URLs when all three nodes list the same number, and refuses them otherwise", () => {
    const shardUrls = (party: number) => [0, 1].map((k) => `https://${hosts[party]}:${7200 + 10 * party + k}`);
    const sharded = { ...good, nodes: good.nodes.map((n) => ({ ...n, shardUrls: shardUrls(n.party) })) };
    expect(parseCluster(JSON.parse(JSON.stringify(sharded)), "c")).toEqual(sharded);
    const change = (i: number, urls: unknown) => ({
      ...sharded,
      nodes: sharded.nodes.map((n, j) => (j === i ? { ...n, shardUrls: urls } : n)),
    });
    expect(() => parseCluster(change(1, shardUrls(1).slice(0, 1)), "c")).toThrow(
      new InputError("c: the nodes list 2, 1, 2 shards; all three must have the same number"),
    );
    expect(() => parseCluster(withNode(2, { shardUrls: shardUrls(2) }), "c")).toThrow(
      new InputError("c: the nodes list 0, 0, 2 shards; all three must have the same number"),
    );
    expect(() => parseCluster(change(0, []), "c")).toThrow(
      new InputError("c.nodes[0].shardUrls must list 1 to 64 shards (or be left out)"),
    );
    expect(() => parseCluster(change(0, ["http://127.0.0.1:7200"]), "c")).toThrow(
      new InputError(
        "c.nodes[0].shardUrls[0] must be https: every link is TLS 1.3 (docs/uniqueness.md#operators-keys-and-links)",
      ),
    );
    expect(() => parseCluster(change(0, ["https://127.0.0.2:7200", "https://127.0.0.1:7201"]), "c")).toThrow(
      new InputError("c.nodes[0].certificate does not name 127.0.0.2, the host of its shardUrls[0]"),
    );
    expect(() => parseCluster(change(0, [good.nodes[0].peerUrl, "https://127.0.0.1:7201"]), "c")).toThrow(
      new InputError("c.nodes[0] repeats a URL"),
    );
  });

  it("refuses a version 1 file, saying what to run", () => {
    expect(() => parseCluster({ ...good, version: 1 }, "cluster.json")).toThrow(
      /cluster.json is a version 1 cluster file \(plain HTTP, one key per node\): each operator runs `pop uniqueness keygen`/,
    );
  });

  it("refuses plain HTTP for either port", () => {
    for (const field of ["url", "peerUrl"]) {
      expect(() => parseCluster(withNode(0, { [field]: "http://127.0.0.1:7100" }), "c")).toThrow(
        new InputError(
          `c.nodes[0].${field} must be https: every link is TLS 1.3 (docs/uniqueness.md#operators-keys-and-links)`,
        ),
      );
    }
  });

  it.each([
    "https://bad host:7100",
    "https://host/x",
    "https://host:7100/",
    "ftp://host:7100",
    "https://user@host:7100",
    "https://host:0",
    "https://host:65536",
    "https://host",
    "https://-host:7100",
    "https://300.1.1.1:7100",
    "https://[zz::1]:7100",
    "https://host:7100?q",
  ])("refuses the node URL %s", (url) => {
    expect(() => parseCluster(withNode(1, { url }), "cluster.json")).toThrow(
      new InputError("cluster.json.nodes[1].url must be https://host:port with no path"),
    );
  });

  it("refuses a certificate that does not name the URL's host, and one that is not a certificate", () => {
    expect(() => parseCluster(withNode(1, { url: "https://other.example.org:7101" }), "c")).toThrow(
      new InputError("c.nodes[1].certificate does not name other.example.org, the host of its url"),
    );
    expect(() => parseCluster(withNode(2, { certificate: "hello" }), "c")).toThrow(
      new InputError("c.nodes[2].certificate must be one PEM certificate"),
    );
  });

  it("refuses bad keys, naming the field", () => {
    // y = 2 is not the y coordinate of any Ed25519 point.
    const notAPoint = `02${"00".repeat(31)}`;
    expect(() => parseCluster(withNode(2, { signingKey: notAPoint }), "c")).toThrow(
      new InputError("c.nodes[2].signingKey is not an Ed25519 public key"),
    );
    expect(() => parseCluster(withNode(0, { encryptionKey: "00".repeat(32) }), "c")).toThrow(
      new InputError("c.nodes[0].encryptionKey is not a usable X25519 public key (a low-order point)"),
    );
    expect(() => parseCluster(withNode(0, { randomnessKey: "zz".repeat(32) }), "c")).toThrow(
      new InputError("c.nodes[0].randomnessKey is malformed"),
    );
  });

  it("refuses one key for two purposes, a repeated key, certificate or id, and parties out of order", () => {
    expect(() => parseCluster(withNode(1, { randomnessKey: good.nodes[1].encryptionKey }), "c")).toThrow(
      new InputError("c.nodes[1]: encryptionKey and randomnessKey must be separate keys"),
    );
    expect(() => parseCluster(withNode(1, { signingKey: good.nodes[0].signingKey }), "c")).toThrow(
      new InputError("c repeats a key"),
    );
    const twin = { ...good.clients[0]!, id: "issuer-b", signingKey: good.sources[0]!.signingKey };
    expect(() => parseCluster({ ...good, clients: [...good.clients, twin] }, "c")).toThrow(
      new InputError("c repeats a key"),
    );
    const sameCertificate = { ...good.clients[0]!, certificate: good.nodes[0].certificate };
    expect(() => parseCluster({ ...good, clients: [sameCertificate] }, "c")).toThrow(
      new InputError("c repeats a certificate"),
    );
    expect(() => parseCluster({ ...good, sources: [...good.sources, { ...good.sources[0]! }] }, "c")).toThrow(
      new InputError("c repeats a key"),
    );
    expect(() => parseCluster(withNode(1, { party: 2 }), "c")).toThrow(new InputError("c.nodes[1].party must be 1"));
    expect(() => parseCluster({ ...good, sources: [{ ...good.sources[0]!, kind: "camera" }] }, "c")).toThrow(
      new InputError('c.sources[0].kind must be "station" or "issuer"'),
    );
  });
});

describe("assembleCluster: the cluster file from public parts", () => {
  const nodePublic = (party: 0 | 1 | 2) => ({ type: "pop.uniquenessNodePublic", version: 1, ...good.nodes[party] });
  const nodes = [2, 0, 1].map((party) => ({ value: nodePublic(party as 0 | 1 | 2), name: `n${party}.json` }));

  it("puts the nodes in party order and gives each client the rate", () => {
    const cluster = assembleCluster({
      nodes,
      clients: [{ value: clientPublic(client), name: "c.json" }],
      sources: [{ value: sourcePublic(source), name: "s.json" }],
      ratePerMinute: 60,
    });
    expect(cluster).toEqual(good);
  });

  it("refuses a secret key file, a party twice, two nodes, and a client id twice", () => {
    expect(() => assembleCluster({ nodes, clients: [{ value: client, name: "client-key.json" }] })).toThrow(
      new InputError(
        "client-key.json holds secret keys: give its public part (client-public.json), which keygen wrote beside it",
      ),
    );
    expect(() => assembleCluster({ nodes, sources: [{ value: source, name: "source-key.json" }] })).toThrow(
      /source-key.json holds secret keys/,
    );
    expect(() =>
      assembleCluster({ nodes: [nodes[0]!, nodes[1]!, { value: nodePublic(0), name: "again.json" }] }),
    ).toThrow(new InputError("again.json is party 0 too: each party once"));
    expect(() => assembleCluster({ nodes: nodes.slice(0, 2) })).toThrow(
      new InputError("a cluster has three nodes: give --node three times, not 2"),
    );
    const twice = [
      { value: clientPublic(client), name: "a.json" },
      { value: clientPublic(client), name: "b.json" },
    ];
    expect(() => assembleCluster({ nodes, clients: twice })).toThrow(/repeats a key/);
  });
});

describe("node hosts and URLs", () => {
  it("builds https://host:port for names, IPv4 and bracketed IPv6", () => {
    expect(nodeUrl("127.0.0.1", 7100)).toBe("https://127.0.0.1:7100");
    expect(nodeUrl("node-1.example.org", 443)).toBe("https://node-1.example.org:443");
    expect(nodeUrl("[::1]", 7102)).toBe("https://[::1]:7102");
  });

  it.each(["bad host/x", "", "a/b", "host:7100", "::1", "a..b", "x".repeat(64), "999.0.0.1"])(
    "refuses the host %j, naming the option",
    (host) => {
      expect(() => checkNodeHost(host, "--host")).toThrow(
        new InputError("--host must be a host name, an IPv4 address or a bracketed IPv6 address"),
      );
    },
  );
});
