import { readFileSync } from "node:fs";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { textToField } from "./hashToField.js";
import { contractAppId, parseAppId, scopeOf, scopeOfField, textAppId } from "./scope.js";

type Vectors = {
  contractAppIds: { chainId: number; contract: string; appId: string }[];
  textAppIds: { name: string; appId: string }[];
  scopes: { appId: string; action: string; actionField: string; scope: string }[];
};
const vectors = JSON.parse(
  readFileSync(new URL("../../../test-vectors/scope.json", import.meta.url), "utf8"),
) as Vectors;

describe("scopes bound to their app", () => {
  it("match the shared vectors (PopScope.sol is checked against the same file)", () => {
    for (const v of vectors.contractAppIds) expect(contractAppId(v).toString()).toBe(v.appId);
    for (const v of vectors.textAppIds) expect(textAppId(v.name).toString()).toBe(v.appId);
    for (const v of vectors.scopes) {
      expect(textToField(v.action).toString()).toBe(v.actionField);
      expect(scopeOf({ appId: BigInt(v.appId), action: v.action }).toString()).toBe(v.scope);
      expect(scopeOfField({ appId: BigInt(v.appId), action: BigInt(v.actionField) }).toString()).toBe(v.scope);
    }
  });

  it("differ by chain, by contract, by app and by action, and a name never poses as a contract", () => {
    const a = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
    const scopes = new Set(
      [
        contractAppId(a),
        contractAppId({ ...a, chainId: 31338 }),
        contractAppId({ ...a, contract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" }),
        textAppId(`eip155:31337:${a.contract.toLowerCase()}x`),
        textAppId("pop.app.contract"),
      ].flatMap((appId) => [scopeOf({ appId, action: "vote" }), scopeOf({ appId, action: "vote2" })]),
    );
    expect(scopes.size).toBe(10);
    // Addresses compare as bytes: the checksum's case does not change the app.
    expect(contractAppId({ ...a, contract: a.contract.toLowerCase() })).toBe(contractAppId(a));
  });

  it("parse a CAIP-10 account as a contract and any other text as a name", () => {
    const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    expect(parseAppId(`eip155:31337:${contract}`)).toBe(contractAppId({ chainId: 31337, contract }));
    expect(parseAppId("my-forum")).toBe(textAppId("my-forum"));
    expect(parseAppId("eip155:0:0x5FbDB2315678afecb367f032d93F642f64180aa3")).toBe(
      textAppId("eip155:0:0x5FbDB2315678afecb367f032d93F642f64180aa3"),
    );
    expect(() => textAppId("")).toThrow(new InputError("an app id must not be empty"));
    expect(() => contractAppId({ chainId: 1, contract: "0x12" })).toThrow(
      new InputError("contract must be a 0x-prefixed 20-byte address"),
    );
  });
});
