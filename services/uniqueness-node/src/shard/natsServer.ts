import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { InputError, PopError } from "@pop/core/errors";
import { certificateFingerprint, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";

/**
 * A party's NATS server for scatter/gather inside the party (docs/uniqueness.md#past-one-machine):
 * Debian's nats-server on loopback, TLS on every connection (the server's certificate made by
 * createTlsIdentity), each client's certificate verified against the party's own list and
 * mapped to a user whose permissions name the subjects it may publish and subscribe to. So a
 * process of the party without a listed certificate cannot connect, and a shard can neither
 * read another shard's queries nor publish one. nats-server 2.9 cannot be held to TLS 1.3, so
 * the clients are (TLS_CLIENT), and they pin the server's certificate by its fingerprint.
 */

/** One process allowed on a party's NATS, by its certificate. */
export type NatsUser = {
  /** The certificate's common name, as in createTlsIdentity's `name` (no quotes or backslashes). */
  readonly name: string;
  readonly certificate: string;
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
};

/** A running nats-server. */
export type NatsServer = { readonly url: string; readonly certificate: string; stop(): Promise<void> };

/** Raised when nats-server cannot be started or a connection to it fails. */
export class NatsError extends PopError {}

/** Where nats-server is: on PATH, or Debian's /usr/sbin (not on a user's PATH). */
export function natsServerBinary(): string {
  return existsSync("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
}

const NAME = /^[A-Za-z0-9 .-]{1,64}$/;
const SUBJECT = /^[A-Za-z0-9_.>*-]{1,128}$/;

/**
 * Starts nats-server in `dir` (its config, key and certificates are written there, the key 0600).
 * @param options.dir a directory of this server's own
 * @param options.identity the server's TLS identity (its certificate names 127.0.0.1 and localhost)
 * @param options.users who may connect, and to what
 * @param options.maxPayload the largest message in bytes (default 8 MiB)
 * @returns the server, once it says it is ready, on a port it chose
 */
export async function startNatsServer(options: {
  dir: string;
  identity: TlsIdentity;
  users: readonly NatsUser[];
  maxPayload?: number;
}): Promise<NatsServer> {
  for (const user of options.users) {
    if (!NAME.test(user.name) || [...user.publish, ...user.subscribe].some((s) => !SUBJECT.test(s))) {
      throw new InputError(`NATS user ${JSON.stringify(user.name)} has a bad name or subject`);
    }
  }
  await mkdir(options.dir, { recursive: true });
  const path = (name: string) => join(options.dir, name);
  await writeFile(path("server.pem"), options.identity.certificate);
  await writeFile(path("server.key"), options.identity.key, { mode: 0o600 });
  await writeFile(path("clients.pem"), options.users.map((user) => user.certificate).join(""));
  const list = (subjects: readonly string[]) => `[${subjects.map((s) => JSON.stringify(s)).join(", ")}]`;
  const users = options.users.map(
    (user) =>
      `    { user: ${JSON.stringify(`CN=${user.name}`)}, permissions: { publish: ${list(user.publish)}, subscribe: ${list(user.subscribe)} } }`,
  );
  await writeFile(
    path("nats.conf"),
    [
      `listen: "127.0.0.1:-1"`,
      `max_payload: ${options.maxPayload ?? 8 * 1024 * 1024}`,
      "tls {",
      `  cert_file: ${JSON.stringify(path("server.pem"))}`,
      `  key_file: ${JSON.stringify(path("server.key"))}`,
      `  ca_file: ${JSON.stringify(path("clients.pem"))}`,
      "  verify_and_map: true",
      "  timeout: 5",
      "}",
      "authorization {",
      "  users = [",
      ...users,
      "  ]",
      "}",
      "",
    ].join("\n"),
  );
  const child = spawn(natsServerBinary(), ["-c", path("nats.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const listening = /Listening for client connections on 127\.0\.0\.1:(\d+)/.exec(log);
      if (listening !== null && log.includes("Server is ready")) {
        child.stderr!.off("data", onData);
        child.stderr!.resume();
        resolve(Number(listening[1]));
      }
    };
    child.stderr!.on("data", onData);
    child.once("error", (error) => reject(new NatsError(`nats-server could not start: ${error.message}`)));
    child.once("exit", (code) => reject(new NatsError(`nats-server exited (${code}): ${log.slice(-400)}`)));
  });
  return {
    url: `127.0.0.1:${port}`,
    certificate: options.identity.certificate,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Node's TLS settings for a party's NATS clients: TLS 1.3, this process's certificate, the server pinned. */
function clientTls(identity: TlsIdentity, serverCertificate: string) {
  const pin = certificateFingerprint(serverCertificate);
  return {
    key: identity.key,
    cert: identity.certificate,
    ca: serverCertificate,
    minVersion: "TLSv1.3",
    maxVersion: "TLSv1.3",
    checkServerIdentity: (_host: string, peer: { raw?: Buffer }) =>
      peer.raw !== undefined && certificateFingerprint(rawToPem(peer.raw)) === pin
        ? undefined
        : new Error("the NATS server's certificate is not the party's"),
  };
}

function rawToPem(raw: Buffer): string {
  const lines = raw.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/**
 * Connects one of the party's processes to its NATS server.
 * @param server the server's URL and certificate
 * @param identity this process's TLS identity (listed among the server's users)
 * @returns the connection (no reconnects: a lost server fails the requests in flight)
 * @throws NatsError when the server refuses the connection
 */
export async function connectToNats(
  server: { url: string; certificate: string },
  identity: TlsIdentity,
): Promise<NatsConnection> {
  try {
    return await connect({
      servers: server.url,
      reconnect: false,
      tls: clientTls(identity, server.certificate) as never,
    });
  } catch (error) {
    throw new NatsError(`the party's NATS server refused the connection: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
