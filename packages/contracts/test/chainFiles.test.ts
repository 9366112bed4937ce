import { ChainError, InputError } from "@pop/core/errors";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { connectChain, publicClientFor } from "../src/connect.js";
import { toChainError } from "../src/errors/chainError.js";
import { expectChain } from "../src/files/chainFile.js";
import { deploymentFile, parseDeploymentFile } from "../src/files/deploymentFile.js";
import { parseRegistryFile, registryFile } from "../src/files/registryFile.js";
import { parseSignedVouchFile, signedVouchFile } from "../src/files/signedVouchFile.js";

const A = (byte: string) => `0x${byte.repeat(20)}` as const;
const deployment = {
  chainId: 31337,
  poseidonT3: A("01"),
  poseidonT4: A("07"),
  poseidonT5: A("02"),
  issuerRegistry: A("03"),
  humanitySet: A("04"),
  personhoodVerifier: A("05"),
  personhoodToken: A("06"),
  rootValidity: 3600,
  tokenScope: "pop-personhood-token",
};
const registry = {
  chainId: 31337,
  registry: A("0a"),
  arbitrator: A("0b"),
  humanitySet: A("04"),
  issuerId: 3,
  fromBlock: 12n,
  setFromBlock: 1n,
};
const vouch = {
  chainId: 31337,
  registry: "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd" as const,
  voucher: "0x1111111111111111111111111111111111111111" as const,
  claimer: "0xfedcbafedcbafedcbafedcbafedcbafedcbafedc" as const,
  humanityId: A("0d"),
  expirationTimestamp: 1_900_000_000n,
  signature: `0x${"ab".repeat(65)}` as const,
};

function refusedWith(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).shortMessage;
  }
  throw new Error("expected an InputError");
}

describe("deployment files", () => {
  it("round-trips, and refuses unknown fields, other versions, bad addresses and block numbers", () => {
    const file = deploymentFile(deployment, 7n);
    expect(file).toEqual({ version: 2, type: "pop-deployment", ...deployment, fromBlock: "7" });
    expect(parseDeploymentFile(JSON.parse(JSON.stringify(file)))).toEqual({ ...deployment, fromBlock: 7n });
    expect(refusedWith(() => parseDeploymentFile({ ...file, extra: 1 }))).toBe(
      'deployment has an unknown field "extra"',
    );
    expect(refusedWith(() => parseDeploymentFile({ ...file, version: 3 }))).toBe("deployment.version must be 2");
    expect(refusedWith(() => parseDeploymentFile({ ...file, version: 1 }))).toBe(
      "deployment.version is 1: the file names protocol v1 contracts, which this pop cannot use (their leaves have no nullifier commitment); deploy anew",
    );
    expect(refusedWith(() => parseDeploymentFile({ ...file, type: "pop-registry" }))).toBe(
      'deployment.type must be "pop-deployment"',
    );
    expect(refusedWith(() => parseDeploymentFile({ ...file, humanitySet: "0x1234" }))).toBe(
      "deployment.humanitySet is malformed",
    );
    expect(refusedWith(() => parseDeploymentFile({ ...file, fromBlock: "-1" }))).toBe(
      "deployment.fromBlock is malformed",
    );
    expect(refusedWith(() => parseDeploymentFile({ ...file, fromBlock: 7 }))).toBe(
      "deployment.fromBlock must be a string",
    );
    const { tokenScope: _, ...missing } = file;
    expect(refusedWith(() => parseDeploymentFile(missing))).toBe('deployment is missing the field "tokenScope"');
  });

  it("a file for another chain is refused by name", () => {
    expect(refusedWith(() => expectChain({ chainId: 5, label: "deployment" }, 31337))).toBe(
      "the deployment is on chain 5, the RPC serves chain 31337",
    );
  });
});

describe("registry files", () => {
  it("record the set's own deployment block, and read a file without it from block 0", () => {
    const file = registryFile(registry);
    expect(file).toEqual({
      version: 2,
      type: "pop-registry",
      chainId: 31337,
      registry: A("0a"),
      arbitrator: A("0b"),
      humanitySet: A("04"),
      issuerId: 3,
      fromBlock: "12",
      setFromBlock: "1",
    });
    expect(parseRegistryFile(file)).toEqual(registry);
    const { setFromBlock: _, ...older } = file;
    expect(parseRegistryFile(older)).toEqual({ ...registry, setFromBlock: 0n });
    expect(refusedWith(() => parseRegistryFile({ ...file, issuerId: 1024 }))).toBe(
      "registry.issuerId must be an integer from 0 to 1023",
    );
    expect(refusedWith(() => parseRegistryFile({ ...file, setFromBlock: "0x1" }))).toBe(
      "registry.setFromBlock is malformed",
    );
  });
});

describe("signed vouch files", () => {
  it("round-trip with checksummed addresses, and refuse malformed fields", () => {
    const file = signedVouchFile(vouch);
    expect(file.expirationTimestamp).toBe("1900000000");
    expect(parseSignedVouchFile(file)).toEqual({
      ...vouch,
      registry: getAddress(vouch.registry),
      voucher: getAddress(vouch.voucher),
      claimer: getAddress(vouch.claimer),
    });
    expect(getAddress(vouch.registry)).not.toBe(vouch.registry);
    expect(refusedWith(() => parseSignedVouchFile({ ...file, signature: "0xab" }))).toBe(
      "signed vouch signature must be 65 bytes of hex",
    );
    expect(refusedWith(() => parseSignedVouchFile({ ...file, expirationTimestamp: "0" }))).toBe(
      "signed vouch expirationTimestamp must be decimal Unix seconds",
    );
    expect(refusedWith(() => parseSignedVouchFile({ ...file, claimer: "0xc" }))).toBe(
      "signed vouch claimer must be a 0x-prefixed 20-byte address",
    );
  });
});

describe("chain errors", () => {
  it("an unreachable RPC is bad input for connectChain, and a ChainError for a call", async () => {
    await expect(connectChain({ rpcUrl: "http://127.0.0.1:9" })).rejects.toThrow(
      new InputError("cannot reach an Ethereum RPC at http://127.0.0.1:9"),
    );
    const failure = await publicClientFor("http://127.0.0.1:9")
      .getChainId()
      .catch((error: unknown) => toChainError(error));
    expect(failure).toBeInstanceOf(ChainError);
    expect((failure as ChainError).shortMessage).toMatch(/^the chain call failed: HTTP request failed/);
  });

  it("a PopError passes through toChainError unchanged", () => {
    const error = new InputError("bad");
    expect(toChainError(error)).toBe(error);
  });
});
