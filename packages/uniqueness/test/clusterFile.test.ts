import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { type Cluster, checkNodeHost, nodeUrl, parseCluster } from "../src/cluster/clusterFile.js";
import { seededRandom } from "../src/randomSource.js";

const random = seededRandom("clusterFile.test");
const node = (party: 0 | 1 | 2, url: string) => ({
  party,
  url,
  encryptionKey: bytesToHex(x25519.getPublicKey(random(32).slice())),
  signingKey: bytesToHex(ed25519.getPublicKey(random(32).slice())),
});
const good: Cluster = {
  type: "pop.uniquenessCluster",
  version: 1,
  nodes: [node(0, "http://127.0.0.1:7100"), node(1, "https://node1.example.org"), node(2, "http://[::1]:7102")],
};
const withNode = (i: number, change: Record<string, unknown>) => ({
  ...good,
  nodes: good.nodes.map((n, j) => (j === i ? { ...n, ...change } : n)),
});

describe("the cluster file", () => {
  it("reads a well-formed file as it is", () => {
    expect(parseCluster(JSON.parse(JSON.stringify(good)), "cluster.json")).toEqual(good);
  });

  it.each([
    "http://bad host:7100",
    "http://host/x",
    "http://host:7100/",
    "ftp://host:7100",
    "http://user@host:7100",
    "http://host:0",
    "http://host:65536",
    "http://-host:7100",
    "http://300.1.1.1:7100",
    "http://[zz::1]:7100",
    "http://host:7100?q",
  ])("refuses the node URL %s", (url) => {
    expect(() => parseCluster(withNode(1, { url }), "cluster.json")).toThrow(
      new InputError("cluster.json.nodes[1].url must be http(s)://host[:port] with no path"),
    );
  });

  it("refuses a signing key that is not a curve point and a low-order encryption key, naming the field", () => {
    // y = 2 is not the y coordinate of any Ed25519 point.
    const notAPoint = `02${"00".repeat(31)}`;
    expect(() => parseCluster(withNode(2, { signingKey: notAPoint }), "c")).toThrow(
      new InputError("c.nodes[2].signingKey is not an Ed25519 public key"),
    );
    expect(() => parseCluster(withNode(0, { encryptionKey: "00".repeat(32) }), "c")).toThrow(
      new InputError("c.nodes[0].encryptionKey is not a usable X25519 public key (a low-order point)"),
    );
    expect(() => parseCluster(withNode(0, { encryptionKey: "zz".repeat(32) }), "c")).toThrow(
      new InputError("c.nodes[0].encryptionKey is malformed"),
    );
  });

  it("refuses a repeated key and parties out of order", () => {
    expect(() => parseCluster(withNode(1, { signingKey: good.nodes[0].signingKey }), "c")).toThrow(
      new InputError("c repeats a key"),
    );
    expect(() => parseCluster(withNode(1, { party: 2 }), "c")).toThrow(
      new InputError("c.nodes[1].party must be an integer from 1 to 1"),
    );
  });
});

describe("node hosts and URLs", () => {
  it("builds http://host:port for names, IPv4 and bracketed IPv6", () => {
    expect(nodeUrl("127.0.0.1", 7100)).toBe("http://127.0.0.1:7100");
    expect(nodeUrl("node-1.example.org", 443)).toBe("http://node-1.example.org:443");
    expect(nodeUrl("[::1]", 7102)).toBe("http://[::1]:7102");
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
