import tls from "node:tls";
import { createTlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { TLS_1_3 } from "@pop/uniqueness/cluster/tlsLink";
import { describe, expect, it } from "vitest";
import { send } from "../src/http.js";
import { closePort, createLinkServer, listen } from "../src/tls.js";

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
});
