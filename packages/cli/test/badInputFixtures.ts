import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pop } from "./pop.js";

/**
 * The bad-input suite's shared fixtures, made once with the CLI itself: two identities, two
 * issuers (ids 1 and 2) with an issuer set holding issuer 1, a credential of each identity from
 * issuer 1, a humanity set holding the first, one proof (scope "s", message "m"), two iris codes,
 * a face embedding, a local uniqueness cluster file and a custody package, and a transcript.
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
  await ok(["issuers", "add", "--issuers", "issuers.json", "--issuer", "issuer.json"]);
  const credential = (commitment: unknown, out: string) =>
    ok(
      ["credential", "issue", "--issuer", "issuer.json", "--commitment", String(commitment), "--kind", "kyc"].concat([
        "--country",
        "756",
        "--expires",
        "2099-01-01",
        "--out",
        out,
      ]),
    );
  await Promise.all([credential(first!.commitment, "cred.json"), credential(second!.commitment, "cred2.json")]);
  await ok(["set", "add", "--set", "set.json", "--credential", "cred.json", "--issuers", "issuers.json"]);
  const embedding = Array.from({ length: 1024 }, (_, i) => Math.cos(i) / 16);
  await writeFile(join(dir, "face.json"), JSON.stringify({ embedding }));
  await writeFile(join(dir, "said.txt"), "I certify that I am a real human.\n");
  await Promise.all([
    ok(["iris", "similar", "--of", "iris.json", "--flip", "0.1", "--seed", "b", "--out", "iris2.json"]),
    ok(["uniqueness", "package", "--cluster", "cluster/cluster.json", "--iris", "iris.json", "--out", "pkg.json"]),
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
