import { mkdtemp, rm } from "node:fs/promises";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTlsIdentity, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partyNatsUsers, processName } from "../src/shard/localShardedCluster.js";
import { connectToNats, type NatsServer, startNatsServer } from "../src/shard/natsServer.js";
import { shardSubject } from "../src/shard/shardWorker.js";

/**
 * A party's NATS (docs/uniqueness.md#past-one-machine): only the party's listed certificates
 * connect, and a shard can take only its own queries.
 */

let dir: string;
let server: NatsServer;
let coordinator: TlsIdentity;
let shards: TlsIdentity[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-shard-nats-"));
  const hosts = ["127.0.0.1", "localhost"];
  coordinator = await createTlsIdentity({ name: processName(0, "coordinator"), hosts });
  shards = [
    await createTlsIdentity({ name: processName(0, 0), hosts }),
    await createTlsIdentity({ name: processName(0, 1), hosts }),
  ];
  server = await startNatsServer({
    dir: join(dir, "nats"),
    identity: await createTlsIdentity({ name: "pop party 0 nats", hosts }),
    users: partyNatsUsers(0, { coordinator: coordinator.certificate, shards: shards.map((s) => s.certificate) }),
  });
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("a party's nats-server", () => {
  it("refuses a certificate it does not list, even under a listed name, and a client with none", async () => {
    const impostor = await createTlsIdentity({ name: processName(0, "coordinator"), hosts: ["127.0.0.1"] });
    await expect(connectToNats(server, impostor)).rejects.toThrow(/refused the connection/);
    const none = { key: impostor.key, certificate: "" };
    await expect(connectToNats(server, none as TlsIdentity)).rejects.toThrow(/refused the connection/);
    const listed = await connectToNats(server, coordinator);
    await listed.close();
  });

  it("hangs up on a plain TCP client that speaks NATS without TLS, having served it nothing", async () => {
    const { port } = new URL(`nats://${server.url}`);
    const said = await new Promise<string>((resolve, reject) => {
      let text = "";
      const socket = tcpConnect(Number(port), "127.0.0.1", () => socket.write('CONNECT {"verbose":false}\r\nPING\r\n'));
      socket.on("data", (chunk) => {
        text += chunk.toString();
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(said).toMatch(/^INFO .*"tls_required":true/);
    // After its INFO the server expects a TLS handshake; the plain CONNECT fails it and the server closes.
    expect(said.trim().split("\r\n")).toHaveLength(1);
    expect(said).not.toMatch(/PONG/);
  });

  it("lets shard 0 take only its own queries: subscribed to shard 1's, it is never asked", async () => {
    const boss = await connectToNats(server, coordinator);
    const shard0 = await connectToNats(server, shards[0]!);
    try {
      const answer = (byte: number) => (error: Error | null, message: { respond(data: Uint8Array): boolean }) => {
        if (error === null) message.respond(new Uint8Array([byte]));
      };
      shard0.subscribe(shardSubject(0), { callback: answer(0) });
      // The server refuses this subscription (a permissions violation, reported to the callback).
      shard0.subscribe(shardSubject(1), { callback: answer(1) });
      await shard0.flush();
      const own = await boss.request(shardSubject(0), new Uint8Array(), { timeout: 5000 });
      expect([...own.data]).toEqual([0]);
      await expect(boss.request(shardSubject(1), new Uint8Array(), { timeout: 5000 })).rejects.toThrow(
        /no responders|503/i,
      );
    } finally {
      await Promise.all([boss.close(), shard0.close().catch(() => undefined)]);
    }
  });
});
