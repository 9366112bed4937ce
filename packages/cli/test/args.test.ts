import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { parseIntegerOption, parseOptions } from "../src/args.js";

const SPEC = {
  scope: { type: "string", required: true },
  rotate: { type: "string" },
  force: { type: "boolean" },
} as const;

function refusal(argv: string[]): string {
  try {
    parseOptions(argv, SPEC);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).shortMessage;
  }
  throw new Error(`accepted ${argv.join(" ")}`);
}

describe("parseOptions", () => {
  it("takes a list option any number of times, in order, and refuses an empty item", () => {
    const spec = { node: { type: "list" }, out: { type: "string", required: true } } as const;
    expect(parseOptions(["--node", "a", "--out", "o", "--node=b"], spec)).toEqual({ node: ["a", "b"], out: "o" });
    expect(parseOptions(["--out", "o"], spec)).toEqual({ node: [], out: "o" });
    expect(() => parseOptions(["--node=", "--out", "o"], spec)).toThrow(
      new InputError("option --node must not be empty"),
    );
    expect(() => parseOptions(["--node", "--out", "o"], spec)).toThrow(new InputError("option --node needs a value"));
    expect(() => parseOptions([], { node: { type: "list", required: true } })).toThrow(
      new InputError("missing required option --node"),
    );
  });

  it("reads --name value, --name=value and flags", () => {
    expect(parseOptions(["--scope", "a", "--force"], SPEC)).toEqual({ scope: "a", rotate: undefined, force: true });
    expect(parseOptions(["--scope=a=b", "--rotate=3"], SPEC)).toEqual({ scope: "a=b", rotate: "3", force: false });
    expect(parseOptions(["--scope=--x"], SPEC).scope).toBe("--x");
  });

  it("takes a negative number (or any value with one dash) as a value", () => {
    expect(parseOptions(["--scope", "s", "--rotate", "-5"], SPEC).rotate).toBe("-5");
    expect(parseOptions(["--scope", "-"], SPEC).scope).toBe("-");
  });

  it.each([
    [["--scope", "a", "--scope", "b"], "option --scope given twice"],
    [["--scope=a", "--scope", "a"], "option --scope given twice"],
    [["--scope", "a", "--force", "--force"], "option --force given twice"],
    [["--scope", "a", "--fast"], "unknown option --fast"],
    [["--scope", "a", "--toString"], "unknown option --toString"],
    [["--scope", "a", "--__proto__"], "unknown option --__proto__"],
    [["--scope", "a", "extra"], 'unexpected argument "extra" (options start with --)'],
    [["--scope", "a", "-f"], 'unexpected argument "-f" (options start with --)'],
    [["--scope", "a", "--"], 'unexpected argument "--" (options start with --)'],
    [["--scope"], "option --scope needs a value"],
    [["--scope", "--force"], "option --scope needs a value"],
    [["--scope", "a", "--force=yes"], "option --force is a flag and takes no value"],
    [["--force"], "missing required option --scope"],
    [["--scope="], "option --scope must not be empty"],
    [["--scope", "a", "--bad\nname"], "unknown option --bad\\nname"],
  ])("refuses %j: %s", (argv, message) => {
    expect(refusal(argv)).toBe(message);
  });
});

describe("parseIntegerOption", () => {
  it("reads canonical integers in range", () => {
    expect(parseIntegerOption("0", "id", 0, 1023)).toBe(0);
    expect(parseIntegerOption("1023", "id", 0, 1023)).toBe(1023);
  });

  it.each(["-1", "1024", "01", "1e3", " 1", "0x10", "", "99999999999999999999"])("refuses %j", (value) => {
    expect(() => parseIntegerOption(value, "id", 0, 1023)).toThrow("--id must be an integer from 0 to 1023");
  });
});
