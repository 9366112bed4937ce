/**
 * Gas of pop's contracts vs Semaphore v4's, deployed side by side on one anvil.
 *
 *   npm run bench:gas
 *
 * Both sets get the same 16 members; add_member is the mean over those inserts. Each side
 * then verifies one depth-20 proof and records its nullifier (ours: verifyAndConsume,
 * Semaphore: validateProof), and ours mints a personhood token. Gas is the receipt's
 * gasUsed, 21,000 base and calldata included, for both. Prints a table, then one JSON line.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { deployPop } from "@pop/contracts/deploy";
import {
  humanitySetAbi,
  issuerRegistryAbi,
  personhoodTokenAbi,
  personhoodVerifierAbi,
} from "@pop/contracts/generated/artifacts";
import { linkBytecode } from "@pop/contracts/link";
import { localChain } from "@pop/contracts/localChain";
import { addressToField, toSolidityProof } from "@pop/contracts/solidityProof";
import { packAttributes } from "@pop/protocol/attributes";
import { credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof, releaseProver } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { Group } from "@semaphore-protocol/group";
import { Identity } from "@semaphore-protocol/identity";
import { generateProof } from "@semaphore-protocol/proof";
import type { Address, Hex } from "viem";
import { compileSolidity } from "../packages/contracts/scripts/solidity.js";

const MEMBERS = 16;
const DEPTH = 20;
const require = createRequire(import.meta.url);
const log = (message: string) => process.stderr.write(`${message}\n`);

// One anvil, one deployer.
const { chain: anvil, client, wallets } = await localChain();
const wallet = wallets[0]!;

async function gasOf(call: {
  address: Address;
  abi: readonly unknown[];
  functionName: string;
  args: readonly unknown[];
}) {
  const { request } = await client.simulateContract({ ...call, account: wallet.account } as never);
  const receipt = await client.waitForTransactionReceipt({ hash: await wallet.writeContract(request as never) });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted`);
  return receipt.gasUsed;
}
async function deployBytecode(abi: readonly unknown[], bytecode: Hex, args: readonly unknown[] = []) {
  const hash = await wallet.deployContract({ abi, bytecode, args } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.contractAddress == null) throw new Error("deployment failed");
  return receipt.contractAddress;
}
const mean = (xs: bigint[]) => Number(xs.reduce((a, b) => a + b, 0n) / BigInt(xs.length));

// pop: registry issuer, 16 members, a proof for member 3 and a mint by member 4.
log("deploying pop…");
const ours = await deployPop({ wallet, client });
const issuer = createIssuer({ issuerId: 1, name: "bench" });
await gasOf({
  address: ours.issuerRegistry,
  abi: issuerRegistryAbi,
  functionName: "addIssuer",
  args: [1n, 1 << 3, issuer.publicKey, [wallet.account.address]],
});
const issuerSet = new IssuerSet();
issuerSet.add(issuer);
const now = Number((await client.getBlock()).timestamp);
const humanitySet = new HumanitySet();
const people = Array.from({ length: MEMBERS }, () => {
  const identity = createIdentity();
  return {
    identity,
    credential: issueCredential({
      issuer,
      commitment: identity.commitment,
      kind: "kyc",
      country: 756,
      issuedAt: now - 60,
      expiresAt: now + 86_400,
    }),
  };
});
const oursAdd: bigint[] = [];
for (const { identity, credential } of people) {
  oursAdd.push(
    await gasOf({
      address: ours.humanitySet,
      abi: humanitySetAbi,
      functionName: "addMember",
      args: [identity.commitment, packAttributes(credential.attributes)],
    }),
  );
  humanitySet.add(credentialLeaf(identity.commitment, credential.attributes));
}
const artifacts = loadProverArtifacts(DEPTH);
const prove = async (person: number, scope: bigint, message: bigint, disclose = {}) =>
  toSolidityProof(
    await generatePersonhoodProof(
      {
        ...people[person]!,
        humanitySet,
        issuerSet,
        scope,
        message,
        time: Number((await client.getBlock()).timestamp),
        disclose,
      },
      artifacts,
    ),
  );
log("proving and verifying (pop)…");
const vote = await prove(3, textToField("bench-scope"), textToField("bench-message"));
const oursVerify = await gasOf({
  address: ours.personhoodVerifier,
  abi: personhoodVerifierAbi,
  functionName: "verifyAndConsume",
  args: [vote.proof, vote.scope, vote.message],
});
const mintProof = await prove(4, textToField(ours.tokenScope), addressToField(wallet.account.address), { kind: true });
const oursMint = await gasOf({
  address: ours.personhoodToken,
  abi: personhoodTokenAbi,
  functionName: "mint",
  args: [mintProof.proof],
});

// Semaphore v4, compiled here from @semaphore-protocol/contracts with the same solc.
log("compiling and deploying Semaphore v4…");
const semaphoreDir = dirname(require.resolve("@semaphore-protocol/contracts/package.json"));
const sources = {
  "Semaphore.sol": { content: readFileSync(join(semaphoreDir, "Semaphore.sol"), "utf8") },
  "base/SemaphoreVerifier.sol": { content: readFileSync(join(semaphoreDir, "base", "SemaphoreVerifier.sol"), "utf8") },
};
const findImport = (path: string) => {
  try {
    const local = join(semaphoreDir, path);
    return {
      contents: readFileSync(
        path.startsWith("@") || path.startsWith("poseidon") ? require.resolve(path) : local,
        "utf8",
      ),
    };
  } catch {
    return { error: `not found: ${path}` };
  }
};
const compiled = compileSolidity(sources, findImport);
const semaphoreVerifier = compiled["base/SemaphoreVerifier.sol"]?.SemaphoreVerifier;
const semaphore = compiled["Semaphore.sol"]?.Semaphore;
if (semaphoreVerifier === undefined || semaphore === undefined) throw new Error("Semaphore did not compile");
const verifierAddress = await deployBytecode(semaphoreVerifier.abi, `0x${semaphoreVerifier.evm.bytecode.object}`);
const semaphoreAddress = await deployBytecode(
  semaphore.abi,
  linkBytecode(`0x${semaphore.evm.bytecode.object}`, semaphore.evm.bytecode.linkReferences, {
    PoseidonT3: ours.poseidonT3,
  }),
  [verifierAddress],
);
await gasOf({ address: semaphoreAddress, abi: semaphore.abi, functionName: "createGroup", args: [] });
const members = Array.from({ length: MEMBERS }, (_, i) => new Identity(`bench member ${i}`));
const theirsAdd: bigint[] = [];
for (const member of members) {
  theirsAdd.push(
    await gasOf({
      address: semaphoreAddress,
      abi: semaphore.abi,
      functionName: "addMember",
      args: [0n, member.commitment],
    }),
  );
}
log("proving and validating (Semaphore)…");
const artifactsDir = dirname(require.resolve("@zk-kit/semaphore-artifacts/package.json"));
const semaphoreProof = await generateProof(
  members[3]!,
  new Group(members.map((m) => m.commitment)),
  "bench-message",
  "bench-scope",
  DEPTH,
  {
    wasm: join(artifactsDir, `semaphore-${DEPTH}.wasm`),
    zkey: join(artifactsDir, `semaphore-${DEPTH}.zkey`),
  },
);
const theirsValidate = await gasOf({
  address: semaphoreAddress,
  abi: semaphore.abi,
  functionName: "validateProof",
  args: [0n, semaphoreProof],
});
await releaseProver();
await anvil.stop();

const result = {
  bench: "gas",
  ours_add_member: mean(oursAdd),
  semaphore_add_member: mean(theirsAdd),
  ours_verify_consume: Number(oursVerify),
  semaphore_validate_proof: Number(theirsValidate),
  verify_ratio: Number((Number(oursVerify) / Number(theirsValidate)).toFixed(3)),
  ours_mint: Number(oursMint),
};
const row = (name: string, a: number | string, b: number | string, r: number | string) =>
  `${name.padEnd(34)}${String(a).padStart(10)}${String(b).padStart(14)}${String(r).padStart(9)}`;
console.log(row("", "pop", "semaphore v4", "ratio"));
console.log(
  row(
    `add member (mean of ${MEMBERS})`,
    result.ours_add_member,
    result.semaphore_add_member,
    (result.ours_add_member / result.semaphore_add_member).toFixed(3),
  ),
);
console.log(
  row("verify + record nullifier", result.ours_verify_consume, result.semaphore_validate_proof, result.verify_ratio),
);
console.log(row("mint soulbound token", result.ours_mint, "-", "-"));
console.log(JSON.stringify(result));
process.exit(0);
