import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { parseBuildArgs } from "../scripts/buildArgs.js";
import { ARTIFACTS_DIR } from "../src/artifacts.js";

function refusal(argv: string[]): string {
  try {
    parseBuildArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).shortMessage;
  }
  throw new Error(`accepted ${argv.join(" ")}`);
}

describe("the build script's arguments", () => {
  it("default to every shipped depth, the committed artifacts and a development contribution", () => {
    expect(parseBuildArgs(["--ptau", "pot.ptau"])).toEqual({
      ptau: "pot.ptau",
      depths: [20, 32],
      out: ARTIFACTS_DIR,
      contributions: [],
    });
  });

  it("take named contributions in order, a beacon (0x or not, lowercased), depths and an output folder", () => {
    const argv = ["--ptau", "p.ptau", "--contribute", "alice", "--depth", "32", "--contribute", "Bob (laptop)"];
    expect(parseBuildArgs([...argv, "--beacon", "0xAB01", "--out", "/tmp/keys"])).toEqual({
      ptau: "p.ptau",
      depths: [32],
      out: "/tmp/keys",
      contributions: ["alice", "Bob (laptop)"],
      beacon: "ab01",
    });
    expect(parseBuildArgs(["--ptau", "p", "--beacon", "ff".repeat(255)]).beacon).toBe("ff".repeat(255));
  });

  it.each([
    [[], "--ptau <file.ptau> is required"],
    [["--ptau", ""], "--ptau <file.ptau> is required"],
    [["--ptau", "p", "--entropy", "x"], "Unknown option '--entropy'"],
    [["--ptau", "p", "extra"], "Unexpected argument 'extra'. This command does not take positional arguments"],
    [["--ptau", "p", "--depth", "16"], '--depth must be one of 20, 32, not "16"'],
    [["--ptau", "p", "--depth", "20", "--depth", "20"], "--depth is repeated"],
    [["--ptau", "p", "--contribute", " "], '--contribute needs a name of 1 to 64 printable characters, not " "'],
    [
      ["--ptau", "p", "--contribute", "a".repeat(65)],
      `--contribute needs a name of 1 to 64 printable characters, not "${"a".repeat(65)}"`,
    ],
    [["--ptau", "p", "--contribute", "a\nb"], '--contribute needs a name of 1 to 64 printable characters, not "a\nb"'],
    [["--ptau", "p", "--contribute", "a", "--contribute", "a"], "--contribute names repeat"],
    [["--ptau", "p", "--beacon", "abc"], "--beacon must be 1 to 255 bytes of hex (e.g. a block hash)"],
    [["--ptau", "p", "--beacon", "0x"], "--beacon must be 1 to 255 bytes of hex (e.g. a block hash)"],
    [["--ptau", "p", "--beacon", "zz"], "--beacon must be 1 to 255 bytes of hex (e.g. a block hash)"],
    [["--ptau", "p", "--beacon", "f".repeat(512)], "--beacon must be 1 to 255 bytes of hex (e.g. a block hash)"],
    [["--ptau", "p", "--out", ""], "--out needs a directory"],
  ])("refuse %j (%s)", (argv, message) => {
    expect(refusal(argv)).toBe(message);
  });
});
