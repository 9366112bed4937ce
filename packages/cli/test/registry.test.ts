import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { DEV_KEYS } from "@pop/contracts/devAccounts";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

let chain: LocalChain;
let dir: string;
let env: Record<string, string>;
const as = (key: number) => ({ POP_PRIVATE_KEY: DEV_KEYS[key]! });
const address = (key: number) => privateKeyToAccount(DEV_KEYS[key]!).address;
const registry = ["--registry", "registry.json"];

async function ok(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await pop(args, dir, { ...env, ...extraEnv });
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

/** Governance seeds the account's address as a genesis human, with a new identity written to `file`. */
async function seed(account: number, file: string) {
  const { commitment, nullifierCommitment } = await ok(["identity", "create", "--out", file]);
  const id = ["--id", address(account), "--owner", address(account)];
  const keys = ["--commitment", String(commitment), "--nullifier-commitment", String(nullifierCommitment)];
  await ok(["registry", "seed", ...registry, ...id, ...keys]);
}

/** The latest block's timestamp. */
async function chainNow(): Promise<number> {
  const client = createPublicClient({ transport: http(chain.rpcUrl) });
  return Number((await client.getBlock({ blockTag: "latest" })).timestamp);
}

async function passTime(seconds: number) {
  const client = createPublicClient({ transport: http(chain.rpcUrl) });
  await client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
}

beforeAll(async () => {
  chain = await startAnvil();
  dir = await mkdtemp(join(tmpdir(), "pop-registry-cli-"));
  env = { POP_RPC_URL: chain.rpcUrl, ...as(0) };
  await ok(["contracts", "deploy"]);
  await ok([
    "registry",
    "deploy",
    "--deployment",
    "deployment.json",
    "--issuer-id",
    "3",
    "--jurors",
    [1, 2, 3].map(address).join(","),
    "--challenge-period",
    "600",
    "--base-deposit",
    "0.05eth",
  ]);
  await seed(1, "voucher.json");
  await ok(["identity", "create", "--out", "claimer.json"]);
});
afterAll(() => chain?.stop());

describe("pop registry on anvil", () => {
  it("claims, vouches, waits out the challenge period, executes, and reports the status from the index", async () => {
    const claimed = await ok(
      ["registry", "claim", ...registry, "--identity", "claimer.json", "--evidence", "ipfs://bundle-1"],
      as(4),
    );
    expect(claimed).toMatchObject({ ok: true, requestId: "0", humanityId: address(4).toLowerCase() });
    await ok(["registry", "vouch", ...registry, "--for", address(4)], as(1));
    await ok(["registry", "advance", ...registry, "--claimer", address(4), "--vouchers", address(1)], as(4));
    const pending = await ok(["registry", "status", ...registry, "--pending"]);
    expect((pending.pending as { requestId: number; status: string }[]).map((r) => [r.requestId, r.status])).toEqual([
      [0, "resolving"],
    ]);
    const early = refusal(await pop(["registry", "execute", ...registry, "--request", "0"], dir, env));
    expect(early.line).toMatch(/the contract refused: HumanityRegistry__ChallengePeriodRunning\(0, \d+\)/);
    await passTime(600);
    expect(await ok(["registry", "execute", ...registry, "--request", "0"])).toMatchObject({ released: 1 });
    const status = await ok(["registry", "status", ...registry, "--id", address(4)]);
    expect(status).toMatchObject({ state: "registered", owner: address(4), lastRemoval: null });
    expect((status.requests as { kind: string; status: string; winner: string }[])[0]).toMatchObject({
      kind: "claim",
      status: "resolved",
      winner: "requester",
    });
    expect(await ok(["registry", "vouchallenger", ...registry, "--id", address(1)])).toEqual({
      humanityId: address(1).toLowerCase(),
      vouches: 1,
      vouchallenges: 0,
      timesRemoved: 0,
      vouchallengesSinceRemoval: 0,
      isVouchallenger: false,
    });
    // The claimer takes its deposit back.
    const withdrawn = await ok(["registry", "withdraw", ...registry, "--request", "0"], as(4));
    expect(withdrawn.withdrawn).toBe(String(10n ** 16n + 5n * 10n ** 16n));
  });

  it("writes the registered human's credential from the registration log, checks it on chain, and proves with it", async () => {
    const written = await ok(
      ["registry", "credential", ...registry, "--identity", "claimer.json", "--out", "cred.json"],
      as(4),
    );
    expect(written).toMatchObject({
      humanityId: address(4).toLowerCase(),
      issuerId: 3,
      registration: { chainId: 31337, humanityId: address(4).toLowerCase(), logIndex: expect.any(Number) },
    });
    expect((await stat(join(dir, "cred.json"))).mode & 0o777).toBe(0o600);
    const document = JSON.parse(await readFile(join(dir, "cred.json"), "utf8"));
    expect(document.proof.type).toBe("PopRegistryRegistration");
    expect(document.credentialSubject.kind).toBe("registry");
    expect(await ok(["registry", "credential", ...registry, "--check", "cred.json"])).toEqual({
      valid: true,
      humanityId: address(4).toLowerCase(),
      owner: address(4),
      current: true,
    });
    const other = refusal(
      await pop(["registry", "credential", ...registry, "--identity", "voucher.json", "--out", "x.json"], dir, {
        ...env,
        ...as(4),
      }),
    );
    expect(other.line).toMatch(/leaf holds another nullifier commitment than voucher.json's: another human's keys/);
    const voucher = JSON.parse(await readFile(join(dir, "voucher.json"), "utf8"));
    const forged = {
      ...document,
      credentialSubject: { ...document.credentialSubject, commitment: voucher.commitment },
    };
    await writeFile(join(dir, "forged.json"), JSON.stringify(forged));
    const refused = refusal(await pop(["registry", "credential", ...registry, "--check", "forged.json"], dir, env));
    expect(refused.line).toMatch(
      /the HumanityRegistered log records another humanity, commitment, nullifier commitment or attributes/,
    );
    // The registry human proves personhood anonymously; the on-chain verifier accepts it.
    const deployment = ["--deployment", "deployment.json"];
    const scope = ["--scope", "registry-poll", "--message", "yes"];
    await ok([
      "proof",
      "create",
      "--onchain",
      ...deployment,
      "--identity",
      "claimer.json",
      "--credential",
      "cred.json",
      ...scope,
      "--disclose",
      "kind",
      "--out",
      "proof.json",
    ]);
    const verified = await ok(["proof", "verify", "--onchain", ...deployment, "--proof", "proof.json", ...scope]);
    expect(verified).toMatchObject({ valid: true, disclosed: { kind: "registry" } });
  });

  it("challenges, lets the committee rule for the challenger, and pays the challenger the deposit", async () => {
    await ok(["identity", "create", "--out", "second.json"]);
    await ok(["registry", "claim", ...registry, "--identity", "second.json", "--evidence", "ipfs://b"], as(5));
    await ok(["registry", "vouch", ...registry, "--for", address(5)], as(1));
    await ok(["registry", "advance", ...registry, "--claimer", address(5), "--vouchers", address(1)], as(5));
    const challenged = await ok(
      ["registry", "challenge", ...registry, "--request", "1", "--reason", "deceased"],
      as(0),
    );
    expect(challenged).toMatchObject({ requestId: "1", reason: "deceased", disputeId: "0" });
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--vote", "challenger"], as(1));
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--vote", "challenger"], as(2));
    await passTime(3600);
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--execute"]);
    expect(await ok(["registry", "process", ...registry, "--request", "1"])).toEqual({ processed: 1 });
    const status = await ok(["registry", "status", ...registry, "--id", address(5)]);
    expect(status.state).toBe("none");
    expect((status.requests as { winner: string }[])[0]!.winner).toBe("challenger");
    const withdrawn = await ok(["registry", "withdraw", ...registry, "--request", "1"], as(0));
    expect(withdrawn.withdrawn).toBe(String(6n * 10n ** 16n));
  });

  it("refuses to spend a deposit on evidence that fails a hard rule, unless --force", async () => {
    await writeFile(join(dir, "photo.jpg"), "not an image");
    await ok(["identity", "create", "--out", "third.json"]);
    const args = [
      "registry",
      "claim",
      ...registry,
      "--identity",
      "third.json",
      "--evidence",
      "ipfs://c",
      "--photo",
      "photo.jpg",
    ];
    const refused = await pop(args, dir, { ...env, ...as(3) });
    expect(refused.code).toBe(1);
    expect(refused.json).toMatchObject({ ok: false, report: { ok: false } });
    expect(String(refused.json.refused)).toMatch(/no deposit was spent/);
    const pending = await ok(["registry", "status", ...registry, "--pending"]);
    expect(pending.pending).toEqual([]);
    const forced = await ok([...args, "--force"], as(3));
    expect(forced).toMatchObject({ ok: true, requestId: "2" });
  });

  it("vouches by EIP-712 signature: --sign writes a file, advance --signed counts it, and a bad file is refused first", async () => {
    await ok(["identity", "create", "--out", "fourth.json"]);
    const claim = await ok(
      ["registry", "claim", ...registry, "--identity", "fourth.json", "--evidence", "ipfs://d2"],
      as(5),
    );
    const request = String(claim.requestId);
    const advance = (file: string) =>
      pop(["registry", "advance", ...registry, "--claimer", address(5), "--signed", file], dir, {
        ...env,
        ...as(5),
      });
    const sign = (key: number, out: string, extra: string[] = []) =>
      ok(["registry", "vouch", ...registry, "--for", address(5), "--sign", "--out", out, ...extra], as(key));
    const signed = await sign(1, "v1.json");
    expect(signed).toMatchObject({
      type: "pop-signed-vouch",
      chainId: 31337,
      voucher: address(1),
      claimer: address(5),
      humanityId: address(5).toLowerCase(),
    });
    expect(signed.signature).toMatch(/^0x[0-9a-f]{130}$/);
    const original = JSON.parse(await readFile(join(dir, "v1.json"), "utf8"));
    const variants: [Record<string, unknown>, RegExp][] = [
      [
        { humanityId: "0x000000000000000000000000000000000000dead" },
        /the signature is not 0x[0-9a-fA-F]{40}'s vouch for this claim/,
      ],
      [{ expirationTimestamp: String(BigInt(original.expirationTimestamp) + 1n) }, /the signature is not/],
      [
        { registry: "0x00000000000000000000000000000000000000aa" },
        /is a vouch for registry 0x[0-9a-fA-F]{40} on chain 31337, not this registry/,
      ],
      [{ claimer: "0x000000000000000000000000000000000000dEaD" }, /vouches for 0x[0-9a-fA-F]{40}, not the claimer/],
      [{ signature: "0x1234" }, /signature must be 65 bytes of hex/],
      [{ extra: 1 }, /extra/],
    ];
    for (const [change, message] of variants) {
      await writeFile(join(dir, "bad.json"), JSON.stringify({ ...original, ...change }));
      expect(refusal(await advance("bad.json")).line).toMatch(message);
    }
    // A valid signature by a wallet (a juror's) that owns no humanity passes the file checks; the registry skips it.
    await sign(2, "stranger.json");
    expect(refusal(await advance("stranger.json")).line).toMatch(
      new RegExp(`the contract refused: HumanityRegistry__NotEnoughVouches\\(${request}, 0, 1\\)`),
    );
    await sign(1, "short.json", ["--expires", "60"]);
    await passTime(61);
    expect(refusal(await advance("short.json")).line).toMatch(/short.json expired at \d+/);
    const advanced = (await advance("v1.json")).json;
    expect(advanced.signedBy).toEqual([address(1)]);
    const pending = await ok(["registry", "status", ...registry, "--pending"]);
    expect(
      (pending.pending as { requestId: number; status: string }[]).find((r) => String(r.requestId) === request),
    ).toMatchObject({ status: "resolving" });
    const misuse = refusal(
      await pop(["registry", "vouch", ...registry, "--for", address(5), "--expires", "60"], dir, env),
    );
    expect(misuse.line).toMatch(/--expires and --out go with --sign/);
  });

  it("renews with a rotated identity file: same N, new leaf, same nullifier; another human's identity is refused", async () => {
    const scope = ["--scope", "registry-poll", "--message", "yes"];
    const deployment = ["--deployment", "deployment.json"];
    const claimer = JSON.parse(await readFile(join(dir, "claimer.json"), "utf8"));
    const rotated = await ok(["identity", "rotate", "--identity", "claimer.json", "--out", "claimer2.json"]);
    expect(rotated.nullifierCommitment).toBe(claimer.nullifierCommitment);
    const before = await ok(["registry", "status", ...registry, "--id", address(4)]);
    expect(before).toMatchObject({ commitment: claimer.commitment, nullifierCommitment: claimer.nullifierCommitment });
    // Into the renewal window (PoH's: 7,889,400 s before expiry).
    await passTime(Number(before.expirationTime) - 7_889_400 - (await chainNow()) + 1);
    const renew = (identity: string) =>
      pop(["registry", "renew", ...registry, "--evidence", "ipfs://renewal", "--identity", identity], dir, {
        ...env,
        ...as(4),
      });
    const voucher = JSON.parse(await readFile(join(dir, "voucher.json"), "utf8"));
    expect(refusal(await renew("voucher.json")).line).toBe(
      `pop: the contract refused: HumanityRegistry__NullifierCommitmentMismatch(${address(4).toLowerCase()}, ${claimer.nullifierCommitment}, ${voucher.nullifierCommitment})`,
    );
    const renewal = (await renew("claimer2.json")).json;
    // A genesis human seeded now vouches (the first one's vouch is locked in another request).
    await seed(6, "voucher6.json");
    await ok(["registry", "vouch", ...registry, "--for", address(4)], as(6));
    await ok(["registry", "advance", ...registry, "--claimer", address(4), "--vouchers", address(6)], as(4));
    await passTime(600);
    await ok(["registry", "execute", ...registry, "--request", String(renewal.requestId)]);
    const after = await ok(["registry", "status", ...registry, "--id", address(4)]);
    expect(after).toMatchObject({ commitment: rotated.commitment, nullifierCommitment: claimer.nullifierCommitment });
    const stale = refusal(
      await pop(["registry", "credential", ...registry, "--identity", "claimer.json", "--out", "x.json"], dir, {
        ...env,
        ...as(4),
      }),
    );
    expect(stale.line).toMatch(/leaf holds another authenticator commitment than claimer.json's/);
    await ok(["registry", "credential", ...registry, "--identity", "claimer2.json", "--out", "cred2.json"], as(4));
    const holder = ["--identity", "claimer2.json", "--credential", "cred2.json"];
    await ok(["proof", "create", "--onchain", ...deployment, ...holder, ...scope, "--out", "proof2.json"]);
    const first = JSON.parse(await readFile(join(dir, "proof.json"), "utf8"));
    const second = JSON.parse(await readFile(join(dir, "proof2.json"), "utf8"));
    expect(second.decoded.nullifier).toBe(first.decoded.nullifier);
    expect(await ok(["proof", "verify", "--onchain", ...deployment, "--proof", "proof2.json", ...scope])).toMatchObject(
      {
        valid: true,
      },
    );
    // The old authenticator's leaf is gone: it cannot prove any more.
    const old = ["--identity", "claimer.json", "--credential", "cred.json"];
    const gone = await pop(
      ["proof", "create", "--onchain", ...deployment, ...old, ...scope, "--out", "p.json"],
      dir,
      env,
    );
    expect(refusal(gone).line).toMatch(/leaf is not in the humanity set/);
  });

  it("refuses bad input with one clear line", async () => {
    const cases: [string[], RegExp][] = [
      [["registry", "challenge", ...registry, "--request", "0", "--reason", "ugly"], /--reason is one of/],
      [["registry", "status", ...registry, "--id", "0x1234"], /20 bytes as 0x-hex/],
      [["registry", "status", ...registry], /pass --id 0x… or --pending/],
      [["registry", "fund", ...registry, "--request", "2", "--value", "lots"], /--value takes wei/],
      [["registry", "deploy", "--deployment", "deployment.json", "--issuer-id", "4"], /--jurors/],
    ];
    for (const [args, message] of cases) {
      const { code, line } = refusal(await pop(args, dir, env));
      expect(code).not.toBe(0);
      expect(line).toMatch(message);
    }
    const file = JSON.parse(await readFile(join(dir, "registry.json"), "utf8"));
    await writeFile(join(dir, "other.json"), JSON.stringify({ ...file, chainId: 5 }));
    const { line } = refusal(await pop(["registry", "status", "--registry", "other.json", "--pending"], dir, env));
    expect(line).toMatch(/the registry is on chain 5, the RPC serves chain 31337/);
  });
});
