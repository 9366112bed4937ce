import tls from "node:tls";
import { certificateFingerprint, createTlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { linkAgent, requestOverLink, TLS_1_3 } from "@pop/uniqueness/cluster/tlsLink";
import { describe, expect, it } from "vitest";
import { send } from "../src/http.js";
import { callerFingerprint, closePort, createLinkServer, listen } from "../src/tls.js";

/** A node's port (tls.ts) holds no more connections than its cap, and speaks nothing but TLS 1.3. */

const server = await createTlsIdentity({ name: "port", hosts: ["127.0.0.1"] });
const caller = await createTlsIdentity({ name: "caller" });

function connect(port: number, options: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port,
      ca: [server.certificate],
      key: caller.key,
      cert: caller.certificate,
      ...TLS_1_3,
      ...options,
    });
    socket.once("secureConnect", () => resolve(socket));
    socket.once("error", reject);
    socket.once("close", () => reject(new Error("closed before the handshake")));
  });
}

describe("a node's port", () => {
  async function open(maxConnections: number) {
    const port = createLinkServer({
      identity: server,
      allowed: [caller.certificate],
      limits: { maxConnections, idleTimeoutMs: 60_000, requestTimeoutMs: 10_000 },
      handle: (_request, response) => send(response, 200, {}),
    });
    await listen(port, 0, "127.0.0.1");
    return port;
  }

  it("speaks TLS 1.3 only", async () => {
    const port = await open(8);
    const address = port.address();
    const number = typeof address === "object" && address !== null ? address.port : 0;
    try {
      await expect(connect(number, { minVersion: "TLSv1.2", maxVersion: "TLSv1.2" })).rejects.toThrow(
        /protocol version|unsupported protocol/i,
      );
    } finally {
      await closePort(port);
    }
  });

  it("refuses a connection past maxConnections", async () => {
    const port = await open(1);
    // The server's side of each accepted connection, to know when the port has let it go.
    const accepted: Promise<void>[] = [];
    port.on("connection", (socket) => accepted.push(new Promise((resolve) => socket.once("close", () => resolve()))));
    const address = port.address();
    const number = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const first = await connect(number);
      expect(first.getProtocol()).toBe("TLSv1.3");
      await expect(connect(number)).rejects.toThrow();
      first.destroy();
      await accepted[0];
      // The slot is free again once the first connection is gone.
      const again = await connect(number);
      again.destroy();
    } finally {
      await closePort(port);
    }
  });

  it("still knows its caller on a resumed TLS session (the agent resumes after a socket closes)", async () => {
    const seen: { fingerprint: string | undefined; resumed: boolean }[] = [];
    const port = createLinkServer({
      identity: server,
      allowed: [caller.certificate],
      limits: { maxConnections: 8, idleTimeoutMs: 60_000, requestTimeoutMs: 10_000 },
      handle: (request, response) => {
        seen.push({
          fingerprint: callerFingerprint(request),
          resumed: (request.socket as tls.TLSSocket).isSessionReused(),
        });
        response.setHeader("connection", "close"); // the next request needs a new connection
        send(response, 200, {});
      },
    });
    await listen(port, 0, "127.0.0.1");
    const address = port.address();
    const url = `https://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
    const agent = linkAgent({ identity: caller, peerCertificate: server.certificate });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await requestOverLink({ agent, url, path: "/", method: "GET", limit: 1024 })).status).toBe(200);
      }
    } finally {
      agent.destroy();
      await closePort(port);
    }
    expect(seen.map((entry) => entry.fingerprint)).toEqual(Array(3).fill(certificateFingerprint(caller.certificate)));
    expect(seen.some((entry) => entry.resumed)).toBe(true);
  });
});
