import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pop } from "./pop.js";

/**
 * The bad-input suite's shared fixtures, made once with the CLI itself: two identities and the
 * first one rotated (id.rotated.json: a new authenticator, the same nullifier key), two issuers
 * (ids 1 and 2) with an issuer set holding issuer 1, a credential of each identity from issuer 1,
 * two of the rotated one (cred.rotated.json from issuer 1, cred.issuer2.json from issuer 2), a
 * humanity set holding the first, one proof (scope "s", message "m"), two iris codes, a face
 * embedding, a local uniqueness cluster file and a custody package, and a transcript.
 */
export async function makeFixtures(dir: string): Promise<void> {
  const ok = async (args: string[]) => {
    const result = await pop(args, dir);
    if (result.code !== 0) throw new Error(`fixture: pop ${args.join(" ")} failed: ${result.stderr}`);
    return result.json;
  };
  const [first, second] = await Promise.all([
    ok(["identity", "create", "--out", "id.json"]),
    ok(["identity", "create", "--out", "id2.json"]),
    ok(["issuer", "create", "--id", "1", "--name", "Test KYC", "--out", "issuer.json"]),
    ok(["issuer", "create", "--id", "2", "--out", "issuer2.json"]),
    ok(["iris", "random", "--seed", "a", "--out", "iris.json"]),
    ok(["uniqueness", "init", "--dir", "cluster"]),
  ]);
  const [rotated] = await Promise.all([
    ok(["identity", "rotate", "--identity", "id.json", "--out", "id.rotated.json"]),
    ok(["issuers", "add", "--issuers", "issuers.json", "--issuer", "issuer.json"]),
  ]);
  const credential = (keys: Record<string, unknown>, out: string, issuer = "issuer.json") =>
    ok(
      ["credential", "issue", "--issuer", issuer, "--commitment", String(keys.commitment), "--kind", "kyc"].concat([
        "--nullifier-commitment",
        String(keys.nullifierCommitment),
        "--country",
        "756",
        "--expires",
        "2099-01-01",
        "--out",
        out,
      ]),
    );
  await Promise.all([
    credential(first!, "cred.json"),
    credential(second!, "cred2.json"),
    credential(rotated!, "cred.rotated.json"),
    credential(rotated!, "cred.issuer2.json", "issuer2.json"),
  ]);
  await ok(["set", "add", "--set", "set.json", "--credential", "cred.json", "--issuers", "issuers.json"]);
  const embedding = Array.from({ length: 1024 }, (_, i) => Math.cos(i) / 16);
  await writeFile(join(dir, "face.json"), JSON.stringify({ embedding }));
  await writeFile(join(dir, "said.txt"), "I certify that I am a real human.\n");
  await Promise.all([
    ok(["iris", "similar", "--of", "iris.json", "--flip", "0.1", "--seed", "b", "--out", "iris2.json"]),
    ok(
      ["uniqueness", "package", "--cluster", "cluster/cluster.json", "--source", "cluster/source-key.json"].concat([
        "--left",
        "iris.json",
        "--right",
        "iris.json",
        "--identity",
        "id.json",
        "--out",
        "pkg.json",
      ]),
    ),
    ok(
      ["proof", "create", "--identity", "id.json", "--credential", "cred.json", "--set", "set.json"].concat([
        "--issuers",
        "issuers.json",
        "--scope",
        "s",
        "--message",
        "m",
        "--out",
        "proof.json",
      ]),
    ),
  ]);
}
