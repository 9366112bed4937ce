import { InputError } from "@pop/core/errors";
import { afterAll, describe, expect, it } from "vitest";
import { bitPlanes } from "../src/mpc/bitPlanes.js";
import { ReplicatedEngine, type Shared, xorWords } from "../src/mpc/booleanShares.js";
import { localChannels, type PartyChannel } from "../src/mpc/channel.js";
import { DOTS_KERNELS, dotsKernel, useDotsKernel } from "../src/mpc/nativeDots.js";
import { ShareGallery } from "../src/mpc/shareGallery.js";
import { PARTIES, TEMPLATE_VALUES } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";

// The native kernel must give exactly the WebAssembly kernel's shares, on every vector width.
const random = seededRandom("nativeDots.test");
const share = () => new Uint16Array(random(2 * TEMPLATE_VALUES).slice().buffer);
const best = useDotsKernel("avx512");
const built = best !== "wasm";
if (!built && process.env.CI === "true")
  throw new Error("CI builds the native kernel: packages/uniqueness/build is missing");
if (!built)
  console.warn("nativeDots.test: the native kernel is not built (no compiler at install): its tests are skipped");

afterAll(() => {
  useDotsKernel();
});

describe.runIf(built)("native dot-product kernel", () => {
  // 45 entries over segments of 16, so the kernel runs on three segments, the last part-full.
  const gallery = new ShareGallery({ segmentEntries: 16 });
  for (let i = 0; i < 45; i++) gallery.add(share());
  const queries = PARTIES.map(() => share());

  it.each([15, 4, 1, 0])(
    "gives the WebAssembly kernel's shares at %i rotations, on each width the CPU has",
    (rotations) => {
      for (const party of PARTIES) {
        useDotsKernel("wasm");
        const expected = gallery.dotShares(party, queries[party]!, { rotations, entries: 41 });
        for (const name of ["avx512", "avx2", "scalar"]) {
          const used = useDotsKernel(name);
          expect(used).not.toBe("wasm");
          const got = gallery.dotShares(party, queries[party]!, { rotations, entries: 41 });
          expect(got.count).toBe(41 * (2 * rotations + 1));
          expect(Buffer.from(got.code.buffer).equals(Buffer.from(expected.code.buffer))).toBe(true);
          expect(Buffer.from(got.mask.buffer).equals(Buffer.from(expected.mask.buffer))).toBe(true);
        }
      }
    },
  );

  it("never uses a wider kernel than asked, and says which it uses", () => {
    expect(useDotsKernel("scalar")).toBe("scalar");
    expect(dotsKernel()).toBe("scalar");
    expect(["avx2", "scalar"]).toContain(useDotsKernel("avx2"));
    expect(useDotsKernel("wasm")).toBe("wasm");
    expect(useDotsKernel("avx512")).toBe(best);
  });
});

/** Runs ANDs and full adders on three engines, recording every message each party sends. */
async function engineRun(kernel: string, inputs: { keys: Uint8Array[]; nonce: Uint8Array; shares: Shared[][] }) {
  useDotsKernel(kernel);
  const channels = localChannels();
  const sent: Uint8Array[][] = [[], [], []];
  const outputs = await Promise.all(
    PARTIES.map(async (party) => {
      const channel: PartyChannel = {
        exchange(data) {
          sent[party]!.push(data.slice());
          return channels[party].exchange(data);
        },
      };
      const engine = new ReplicatedEngine({
        party,
        channel,
        prevKey: inputs.keys[party]!,
        nextKey: inputs.keys[(party + 1) % 3]!,
        nonce: inputs.nonce,
      });
      const [x, y, z] = inputs.shares[party]!;
      const products = await engine.and([
        [x!, y!],
        [y!, z!],
      ]);
      const adders = await engine.fullAdders([
        [x!, y!, z!],
        [z!, x!, products[0]!],
      ]);
      return [...products, ...adders.flatMap((adder) => [adder.sum, adder.carry])].flatMap((shared) => [
        [...shared.own],
        [...shared.next],
      ]);
    }),
  );
  return { outputs, sent: sent.map((messages) => messages.map((message) => [...message])) };
}

describe.runIf(built)("native boolean loops", () => {
  it("send the same messages and give the same shares as the TypeScript loops; bit planes and XOR alike", async () => {
    const words = 1_000;
    const vector = () => new Uint32Array(random(4 * words).slice().buffer);
    // Three shared vectors, replicated: party j holds (x_j, x_{j+1}).
    const raw = [0, 1, 2].map(() => [vector(), vector(), vector()]);
    const shares = PARTIES.map((party) => raw.map((parts) => ({ own: parts[party]!, next: parts[(party + 1) % 3]! })));
    const inputs = { keys: [random(32), random(32), random(32)], nonce: random(12), shares };
    const portable = await engineRun("wasm", inputs);
    const native = await engineRun("avx512", inputs);
    expect(native.sent).toEqual(portable.sent);
    expect(native.outputs).toEqual(portable.outputs);
    const values = new Uint16Array(random(2 * 1_001).slice().buffer);
    useDotsKernel("wasm");
    const planes = bitPlanes(values, 16).map((plane) => [...plane]);
    const xor = [...xorWords(raw[0]![0]!, raw[1]![1]!)];
    useDotsKernel("avx512");
    expect(bitPlanes(values, 16).map((plane) => [...plane])).toEqual(planes);
    expect([...xorWords(raw[0]![0]!, raw[1]![1]!)]).toEqual(xor);
    // And the planes are the bits: value 1000's bit 5 is bit 8 of word 31 of plane 5.
    expect((planes[5]![31]! >>> 8) & 1).toBe((values[1000]! >>> 5) & 1);
  });
});

describe("choosing the kernel", () => {
  it("refuses an unknown name and names the choices", () => {
    expect(() => useDotsKernel("gpu")).toThrow(InputError);
    expect(() => useDotsKernel("gpu")).toThrow(`the dots kernel must be one of ${DOTS_KERNELS.join(", ")}, not gpu`);
  });
});
