import { InputError } from "@pop/core/errors";
import { afterAll, describe, expect, it } from "vitest";
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

describe("choosing the kernel", () => {
  it("refuses an unknown name and names the choices", () => {
    expect(() => useDotsKernel("gpu")).toThrow(InputError);
    expect(() => useDotsKernel("gpu")).toThrow(`the dots kernel must be one of ${DOTS_KERNELS.join(", ")}, not gpu`);
  });
});
