import { X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import { join } from "node:path";
import tls, { type PeerCertificate } from "node:tls";
import { callCluster, nodeStatus } from "@pop/uniqueness/client/callCluster";
import { createClientKey } from "@pop/uniqueness/cluster/clientKey";
import type { Cluster } from "@pop/uniqueness/cluster/clusterFile";
import { createTlsIdentity, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { pinnedServerIdentity, TLS_1_3 } from "@pop/uniqueness/cluster/tlsLink";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagesFor, randomPerson } from "../../../packages/uniqueness/test/people.js";
import { type RunningNode, startNode } from "../src/node.js";
import { makeTestCluster, rawRequest } from "./localCluster.js";

/**
 * Who may talk to a node's two ports (docs/uniqueness.md#operators-keys-and-links): registered
 * clients on the client port, the two peers on the peer port, each over TLS 1.3 with exactly
 * the certificate the cluster file pins; everyone else fails the handshake or is dropped.
 * (Before, both were one plain-HTTP port open to anyone.)
 */

const random = seededRandom("linkRefusals.test");
const local = await makeTestCluster({ basePort: 17_440, prefix: "pop-links-" });
const { cluster, client, keys } = local;
const RATE = 5;
// This cluster's client may make RATE requests a minute: the rate limit is tested below.
const limited: Cluster = { ...cluster, clients: cluster.clients.map((c) => ({ ...c, ratePerMinute: RATE })) };
for (const party of [0, 1, 2]) {
  writeFileSync(join(local.nodeDir(party), "cluster.json"), JSON.stringify(limited));
}
const nodes: RunningNode[] = [];
beforeAll(async () => {
  for (const party of [0, 1, 2]) nodes.push(await startNode({ dataDir: local.nodeDir(party), log: () => {} }));
});
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

const node0 = () => cluster.nodes[0];
const clientIdentity: TlsIdentity = { key: client.tlsKey, certificate: client.certificate };
const stranger = await createClientKey("stranger");
const strangerIdentity: TlsIdentity = { key: stranger.tlsKey, certificate: stranger.certificate };
const ports = () => [
  ["client port", node0().url],
  ["peer port", node0().peerUrl],
];

/** A TLS 1.3 GET to a port with no client certificate (the node's certificate trusted). */
function withoutCertificate(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      new URL("/v1/status", url),
      { ca: [node0().certificate], ...TLS_1_3, agent: false },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
  });
}

describe("a node's ports refuse whoever the cluster file does not pin", () => {
  it("plain HTTP to either port fails: it is not a TLS handshake", async () => {
    for (const [, url] of ports()) {
      await expect(fetch(`${url!.replace("https:", "http:")}/v1/status`)).rejects.toThrow();
    }
  });

  it("a TLS client with no certificate fails the handshake on both ports", async () => {
    for (const [, url] of ports()) {
      await expect(withoutCertificate(url!)).rejects.toThrow(/alert|hang up|ECONNRESET/);
    }
  });

  it("a TLS client with an unregistered certificate is refused on both ports", async () => {
    for (const [, url] of ports()) {
      await expect(
        rawRequest({ identity: strangerIdentity, certificate: node0().certificate, url: url!, path: "/v1/status" }),
      ).rejects.toThrow(/alert|hang up|ECONNRESET/);
    }
  });

  it("a node's certificate on the client port, and a client's on the peer port, are refused", async () => {
    await expect(
      rawRequest({
        identity: local.nodeIdentity(1),
        certificate: node0().certificate,
        url: node0().url,
        path: "/v1/status",
      }),
    ).rejects.toThrow(/alert|hang up|ECONNRESET/);
    const body = new Uint8Array([1]);
    await expect(
      rawRequest({
        identity: clientIdentity,
        certificate: node0().certificate,
        url: node0().peerUrl,
        path: "/v1/peer",
        body,
        headers: { "x-pop-request": newRequestId(), "x-pop-round": "0" },
      }),
    ).rejects.toThrow(/alert|hang up|ECONNRESET/);
    // The registered client on the client port is served.
    expect(
      await rawRequest({
        identity: clientIdentity,
        certificate: node0().certificate,
        url: node0().url,
        path: "/v1/status",
      }),
    ).toMatchObject({ status: 200, json: { party: 0, count: 0 } });
  });

  it("a certificate for a registered client's own key, but not the pinned one, is dropped", async () => {
    // Same key, same name, another serial: a CA check alone would accept it; the pin does not.
    const renewed = await createTlsIdentity({ name: `pop uniqueness client ${client.id}`, key: client.tlsKey });
    expect(renewed.certificate).not.toBe(client.certificate);
    await expect(
      rawRequest({ identity: renewed, certificate: node0().certificate, url: node0().url, path: "/v1/status" }),
    ).rejects.toThrow(/hang up|ECONNRESET/);
  });

  it("a client refuses a node whose certificate is not the pinned one (a man in the middle)", async () => {
    const withCertificate = (certificate: string): Cluster => ({
      ...cluster,
      nodes: [{ ...cluster.nodes[0], certificate }, cluster.nodes[1], cluster.nodes[2]],
    });
    // Another key: the handshake fails its chain check.
    const impostor = await createTlsIdentity({ name: "pop uniqueness node 0", hosts: ["127.0.0.1"] });
    await expect(
      nodeStatus({ cluster: withCertificate(impostor.certificate), client, party: 0 }),
    ).rejects.toMatchObject({
      shortMessage: `node 0 at ${node0().url} is unreachable`,
      cause: { code: "DEPTH_ZERO_SELF_SIGNED_CERT" },
    });
    // The node's own key and name in another certificate: OpenSSL already refuses a self-signed
    // leaf that is not the trusted certificate itself, and the pin would refuse it next.
    const twin = await createTlsIdentity({
      name: "pop uniqueness node 0",
      hosts: ["127.0.0.1"],
      key: local.nodeIdentity(0).key,
    });
    await expect(nodeStatus({ cluster: withCertificate(twin.certificate), client, party: 0 })).rejects.toMatchObject({
      shortMessage: `node 0 at ${node0().url} is unreachable`,
    });
    const presented = (certificate: string) => {
      const x509 = new X509Certificate(certificate);
      return { raw: x509.raw, subjectaltname: x509.subjectAltName, subject: {} } as unknown as PeerCertificate;
    };
    expect(pinnedServerIdentity(twin.certificate)("127.0.0.1", presented(node0().certificate))?.message).toBe(
      "the server's certificate is not the one the cluster file pins",
    );
    expect(pinnedServerIdentity(node0().certificate)("127.0.0.1", presented(node0().certificate))).toBeUndefined();
    expect(pinnedServerIdentity(node0().certificate)("10.0.0.1", presented(node0().certificate))?.message).toMatch(
      /IP: 10.0.0.1 is not in the cert's list/,
    );
  });

  it("an unregistered client cannot check, enrol, delete or recover", async () => {
    const person = randomPerson(random);
    const make = packagesFor({ nodeKeys: keys, source: local.source, random });
    const pkg = make.iris(person, person.nullifierKey);
    const bodies = {
      check: { package: pkg },
      enroll: { personId: newRequestId(), package: pkg, commitment: "1" },
      delete: { personId: newRequestId(), reason: "revoked" },
      recover: { package: pkg, personId: null, deviceKey: "09".repeat(32), commitment: "1" },
    } as const;
    for (const kind of ["check", "enroll", "delete", "recover"] as const) {
      await expect(callCluster({ cluster, client: stranger, kind, body: bodies[kind] } as never)).rejects.toThrow(
        /node \d at https:\/\/127\.0\.0\.1:\d+ is unreachable/,
      );
    }
    expect(nodes.map((node) => node.store.count)).toEqual([0, 0, 0]);
  });

  it(`a registered client over its rate (${RATE} a minute) gets 429, before its body is read`, async () => {
    const ask = () =>
      rawRequest({
        identity: clientIdentity,
        certificate: node0().certificate,
        url: node0().url,
        path: "/v1/check",
        body: "{nope",
      });
    const statuses: number[] = [];
    for (let i = 0; i < RATE + 1; i++) statuses.push((await ask()).status);
    // The status calls above are not charged; the unregistered calls never reached a route.
    expect(statuses).toEqual([...Array(RATE).fill(400), 429]);
    expect((await ask()).json).toEqual({ error: `client local-issuer is over its rate of ${RATE} requests a minute` });
  });
});

describe("a node's ports bound what a caller can hold", () => {
  it("the peer port's cap on a round is set by the gallery, and checked before the body is read", async () => {
    const answer = await rawRequest({
      identity: local.nodeIdentity(1),
      certificate: node0().certificate,
      url: node0().peerUrl,
      path: "/v1/peer",
      body: new Uint8Array(2 << 20),
      headers: { "x-pop-request": newRequestId(), "x-pop-round": "0" },
    });
    expect(answer).toEqual({ status: 413, json: { error: `request body over ${65_536 + 2 * 31 * 4} bytes` } });
  });

  it("a request whose body never finishes is closed by the request timeout", async () => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port: Number(new URL(node0().url).port),
      ca: [node0().certificate],
      key: client.tlsKey,
      cert: client.certificate,
      ...TLS_1_3,
    });
    await new Promise<void>((resolve, reject) => socket.once("secureConnect", resolve).once("error", reject));
    socket.write("POST /v1/cancel HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
    });
    const started = performance.now();
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    // The node's client port gives a body 30 s (requestTimeoutMs); it answers 408 and closes.
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - started).toBeGreaterThan(25_000);
  }, 40_000);
});

// What the cluster file holds for the client is what its key file holds.
expect(JSON.parse(readFileSync(join(local.dir, "client-public.json"), "utf8")).certificate).toBe(client.certificate);
