import { InputError, IssuerError } from "@pop/core/errors";
import { poseidon2, poseidon4 } from "poseidon-lite";
import { describe, expect, it } from "vitest";
import { CREDENTIAL_KINDS } from "./attributes.js";
import { createIssuer } from "./issuer.js";
import { IssuerSet, issuerMembershipWitness, issuerSetRoot, parseIssuerSet } from "./issuerSet.js";

describe("issuer set", () => {
  it("puts issuer id i at bit i mod 128 of word i div 128 and hashes two groups of four words", () => {
    const set = new IssuerSet();
    for (const issuerId of [0, 127, 128, 1023]) {
      set.add(createIssuer({ issuerId, name: `issuer ${issuerId}` }));
    }
    const words = [1n | (1n << 127n), 1n, 0n, 0n, 0n, 0n, 0n, 1n << 127n];
    expect(set.words()).toEqual(words);
    expect(set.root()).toBe(poseidon2([poseidon4(words.slice(0, 4)), poseidon4(words.slice(4))]));
  });

  it("gives the circuit the issuer's group of words and the other group's hash", () => {
    const words = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n];
    expect(issuerMembershipWitness(words, 300)).toEqual({
      words: [1n, 2n, 3n, 4n],
      otherGroup: poseidon4([5n, 6n, 7n, 8n]),
    });
    expect(issuerMembershipWitness(words, 1023)).toEqual({
      words: [5n, 6n, 7n, 8n],
      otherGroup: poseidon4([1n, 2n, 3n, 4n]),
    });
  });

  it("changes the root when an issuer is revoked, and never reuses the id", () => {
    const set = new IssuerSet();
    const issuer = createIssuer({ issuerId: 9, name: "nine" });
    set.add(issuer);
    const before = set.root();
    set.revoke(9);
    expect(set.root()).not.toBe(before);
    expect(set.root()).toBe(issuerSetRoot(new Array(8).fill(0n)));
    expect(set.isActive(9)).toBe(false);
    expect(() => set.add(issuer)).toThrow(new IssuerError("issuer 9 was revoked; a revoked id is never reused"));
    expect(() => set.revoke(9)).toThrow(IssuerError);
  });

  it("is idempotent for the same key and refuses a taken id", () => {
    const set = new IssuerSet();
    const issuer = createIssuer({ issuerId: 3, name: "three" });
    expect(set.add(issuer)).toBe(true);
    expect(set.add(issuer)).toBe(false);
    expect(() => set.add(createIssuer({ issuerId: 3, name: "other" }))).toThrow(
      new IssuerError("issuer id 3 is already taken by another key"),
    );
  });

  it("round-trips through its file form and parses strictly", () => {
    const set = new IssuerSet();
    set.add(createIssuer({ issuerId: 2, name: "two" }));
    const file = JSON.parse(JSON.stringify(set.toJSON()));
    expect(parseIssuerSet(file).root()).toBe(set.root());
    expect(() => parseIssuerSet({ ...file, issuers: [...file.issuers, file.issuers[0]] })).toThrow(/twice/);
    expect(() => parseIssuerSet({ ...file, issuers: [{ ...file.issuers[0], status: "paused" }] })).toThrow(
      /status must be "active" or "revoked"/,
    );
    expect(() => parseIssuerSet({ ...file, issuers: [{ ...file.issuers[0], issuerId: 1024 }] })).toThrow(
      /issuerId must be an integer from 0 to 1023/,
    );
  });

  it("refuses words that are not 128-bit", () => {
    expect(() => issuerSetRoot([1n << 128n, 0n, 0n, 0n, 0n, 0n, 0n, 0n])).toThrow(/eight 128-bit values/);
    expect(() => issuerSetRoot([0n])).toThrow(/eight 128-bit values/);
  });
});

describe("issuer-set file names", () => {
  const { publicKey } = createIssuer({ issuerId: 3, name: "three" });
  const file = (name: unknown) => ({
    version: 2,
    type: "pop-issuer-set",
    issuers: [{ issuerId: 3, name, publicKey: publicKey.map(String), kinds: ["kyc"], status: "active" }],
  });

  it.each([
    ["a control character", "KYC\u0007"],
    ["a right-to-left override", "pay\u202eevil"],
    ["a zero-width space", "K\u200bYC"],
    ["a newline", "KYC\nissuer 2"],
    ["an empty name", ""],
    ["a name over 64 characters", "x".repeat(65)],
  ])("refuses %s, as an issuer file does", (_, name) => {
    const message =
      "issuerSet.issuers[0].name must be 1 to 64 letters, digits, spaces, dots, underscores or dashes (no control or bidi characters)";
    expect(() => parseIssuerSet(file(name))).toThrow(new InputError(message));
    expect(() => createIssuer({ issuerId: 3, name })).toThrow(InputError);
  });

  it("accepts names in any script", () => {
    expect(parseIssuerSet(file("Zürich KYC 東京")).get(3)?.name).toBe("Zürich KYC 東京");
    expect(() => parseIssuerSet(file(7))).toThrow(new InputError("issuerSet.issuers[0].name must be a string"));
  });
});

describe("issuer-set public keys", () => {
  const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
  const badKeys = [
    ["(0, 1)", [0n, 1n], "is a point of small order (the identity (0, 1) is one): it would accept any signature"],
    ["(1, 2)", [1n, 2n], "is not a point on the Baby JubJub curve"],
    [
      "(0, r - 1)",
      [0n, R - 1n],
      "is a point of small order (the identity (0, 1) is one): it would accept any signature",
    ],
  ] as const;

  it.each(badKeys)("refuses the key %s when it is added, constructed or parsed", (_, publicKey, message) => {
    const set = new IssuerSet();
    expect(() => set.add({ issuerId: 3, name: "bad", publicKey })).toThrow(
      new InputError(`issuer 3's publicKey ${message}`),
    );
    expect(set.get(3)).toBeUndefined();
    expect(() => new IssuerSet([{ issuerId: 3, name: "bad", publicKey, kinds: ["kyc"], status: "active" }])).toThrow(
      new InputError(`issuer 3's publicKey ${message}`),
    );
    const good = new IssuerSet();
    good.add(createIssuer({ issuerId: 3, name: "good" }));
    const file = JSON.parse(JSON.stringify(good.toJSON()));
    file.issuers[0].publicKey = [publicKey[0].toString(), publicKey[1].toString()];
    expect(() => parseIssuerSet(file)).toThrow(new InputError(`issuerSet.issuers[0].publicKey ${message}`));
  });
});

describe("issuer kinds", () => {
  const kyc = createIssuer({ issuerId: 4, name: "kyc only" });
  const any = createIssuer({ issuerId: 5, name: "any kind" });
  const both = () => {
    const set = new IssuerSet();
    set.add(kyc, { kinds: ["kyc"] });
    set.add(any);
    return set;
  };
  const fileOf = (set: IssuerSet) => JSON.parse(JSON.stringify(set.toJSON()));

  it("records each issuer's kinds (every kind by default, as on chain) in a version-2 file", () => {
    const set = both();
    expect(set.get(4)?.kinds).toEqual(["kyc"]);
    expect(set.get(5)?.kinds).toEqual([...CREDENTIAL_KINDS]);
    const file = fileOf(set);
    expect(file.version).toBe(2);
    expect(file.issuers[0]).toEqual({
      issuerId: 4,
      name: "kyc only",
      publicKey: kyc.publicKey.map(String),
      kinds: ["kyc"],
      status: "active",
    });
    const parsed = parseIssuerSet(file);
    expect(parsed.get(4)?.kinds).toEqual(["kyc"]);
    expect(parsed.get(5)?.kinds).toEqual([...CREDENTIAL_KINDS]);
  });

  it("leaves the root, the circuit's bitmap of active ids, as it was", () => {
    const plain = new IssuerSet();
    plain.add(kyc);
    plain.add(any);
    expect(both().root()).toBe(plain.root());
  });

  it("keeps an issuer's kinds fixed once added, as the IssuerRegistry does", () => {
    const set = both();
    expect(set.add(kyc, { kinds: ["kyc"] })).toBe(false);
    expect(() => set.add(kyc)).toThrow(
      new IssuerError(
        "issuer 4 is already in the set with kinds kyc; an issuer's kinds are fixed when it is added, as in the IssuerRegistry",
      ),
    );
    expect(() => set.add(createIssuer({ issuerId: 6, name: "none" }), { kinds: [] })).toThrow(
      new InputError("issuer 6's kinds must name at least one credential kind"),
    );
    expect(set.get(6)).toBeUndefined();
  });

  it("refuses a version-1 file, which records no kinds, and says how to rebuild it", () => {
    const file = fileOf(both());
    file.version = 1;
    for (const issuer of file.issuers) delete issuer.kinds;
    expect(() => parseIssuerSet(file)).toThrow(
      new InputError(
        'issuerSet.version 1 records no kinds per issuer and is no longer read: rebuild the set with pop issuers add --kinds for each issuer, or give each issuer its "kinds" (e.g. ["kyc"]) and set "version": 2',
      ),
    );
  });

  it.each([
    ["missing", undefined, 'issuerSet.issuers[0] is missing the field "kinds"'],
    ["a string", "kyc", "issuerSet.issuers[0].kinds must be an array"],
    ["empty", [], "issuerSet.issuers[0].kinds must name at least one credential kind"],
    ["a kind twice", ["kyc", "kyc"], "issuerSet.issuers[0].kinds lists kyc twice"],
    ["an unknown kind", ["passport"], "issuerSet.issuers[0].kinds[0] must be one of registry, biometric, kyc"],
  ])("refuses kinds %s", (_, kinds, message) => {
    const file = fileOf(both());
    if (kinds === undefined) delete file.issuers[0].kinds;
    else file.issuers[0].kinds = kinds;
    expect(() => parseIssuerSet(file)).toThrow(new InputError(message));
  });
});
