import { InputError } from "@pop/core/errors";
import { parseJson } from "@pop/core/json";
import { describe, expect, it } from "vitest";

function refusal(text: string): string {
  try {
    parseJson(text, "issuer file x.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).shortMessage;
  }
  throw new Error(`parseJson accepted ${text}`);
}

describe("parseJson", () => {
  it("parses what JSON.parse parses, with the same value", () => {
    const texts = [
      '{"a":1,"b":[1,2,{"c":"}"}],"d":{"e":null}}',
      '[{"a":1},{"a":2},{"a":3}]',
      '"a string"',
      "42",
      '  {  "x" : [ ] , "y" : { } }  ',
      '{"q":"\\"{\\"a\\":1,\\"a\\":2}\\"","a":"\\\\"}',
      '{"a":{"a":{"a":1}}}',
      '{"\\u0061b":1,"ab\\u0000":2}',
    ];
    for (const text of texts) {
      expect(parseJson(text, "x")).toEqual(JSON.parse(text));
    }
  });

  it("refuses a duplicate key at the top level, naming the key and the source", () => {
    expect(refusal('{"issuerId":1,"name":"a","issuerId":1023}')).toBe(
      'issuer file x.json has the key "issuerId" twice',
    );
  });

  it("refuses a duplicate key at any depth, with its path", () => {
    expect(refusal('{"a":{"b":{"c":1,"c":2}}}')).toBe('issuer file x.json has the key "c" twice (in a.b)');
    expect(refusal('{"issuers":[{"id":1},{"id":2,"name":"x","id":3}]}')).toBe(
      'issuer file x.json has the key "id" twice (in issuers[1])',
    );
    expect(refusal('[[1,2],[{"k":[]}, {"k":1,"k":2}]]')).toBe('issuer file x.json has the key "k" twice (in [1][1])');
  });

  it("compares decoded keys: an escaped spelling of the same key collides", () => {
    expect(refusal('{"a":1,"\\u0061":2}')).toBe('issuer file x.json has the key "a" twice');
    expect(refusal('{"\\/":1,"/":2}')).toBe('issuer file x.json has the key "/" twice');
  });

  it("is not fooled by braces, quotes and escapes inside strings", () => {
    expect(parseJson('{"a":"{\\"a\\":1}","b":"\\\\","c":"\\\\\\"a\\"","a2":"}{]["}', "x")).toEqual({
      a: '{"a":1}',
      b: "\\",
      c: '\\"a"',
      a2: "}{][",
    });
    expect(refusal('{"x":"\\\\","x":1}')).toBe('issuer file x.json has the key "x" twice');
  });

  it("keeps the same key in sibling objects apart", () => {
    expect(parseJson('{"a":{"k":1},"b":{"k":2},"c":[{"k":3},{"k":4}]}', "x")).toEqual({
      a: { k: 1 },
      b: { k: 2 },
      c: [{ k: 3 }, { k: 4 }],
    });
  });

  it("writes a key with control or bidi characters escaped, on one line", () => {
    expect(refusal('{"a\\nb":1,"a\\nb":2}')).toBe('issuer file x.json has the key "a\\nb" twice');
    expect(refusal('{"\\u202e":1,"\\u202e":2}')).toBe('issuer file x.json has the key "\\u202e" twice');
  });

  it("refuses text that is not JSON", () => {
    expect(refusal("{ not json")).toBe("issuer file x.json is not valid JSON");
    expect(refusal("")).toBe("issuer file x.json is not valid JSON");
  });

  it("scans a large document in linear time", () => {
    const items = Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `n${i}`, tags: ["a", "b"] }));
    const text = JSON.stringify({ items });
    const started = performance.now();
    expect((parseJson(text, "x") as { items: unknown[] }).items).toHaveLength(200_000);
    // ~13 MB: a quadratic scan would take minutes; a linear one well under two seconds here.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
