/**
 * Gas of pop's contracts vs Semaphore v4's, deployed side by side on one anvil.
 *
 *   npm run bench:gas
 *
 * Both sets get the same 16 members; add_member is the mean over those inserts. Each side
 * then verifies one depth-20 proof and records its nullifier (ours: verifyAndConsume,
 * Semaphore: validateProof), and ours mints a personhood token. Gas is the receipt's
 * gasUsed, 21,000 base and calldata included, for both. Then every step of one registration
 * through the curated registry (claim, vouch, challenge period, a challenge the requester wins
 * before the committee, execution into the set, release of the voucher), next to a direct
 * addMember by an off-chain issuer's registrar. Prints tables, then one JSON line.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { type Deployer, deployPop } from "@pop/contracts/deploy";
import { committeeArbitratorAbi } from "@pop/contracts/generated/committeeArbitrator";
import { humanityRegistryAbi } from "@pop/contracts/generated/humanityRegistry";
import { humanitySetAbi } from "@pop/contracts/generated/humanitySet";
import { issuerRegistryAbi } from "@pop/contracts/generated/issuerRegistry";
import { personhoodTokenAbi } from "@pop/contracts/generated/personhoodToken";
import { personhoodVerifierAbi } from "@pop/contracts/generated/personhoodVerifier";
import { linkBytecode } from "@pop/contracts/link";
import { deployCommitteeArbitrator, deployRegistry } from "@pop/contracts/registry";
import { addressToField, toSolidityProof } from "@pop/contracts/solidityProof";
import { tokenScopeOf } from "@pop/contracts/tokenScope";
import { packAttributes } from "@pop/protocol/attributes";
import { credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof, releaseProver } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { contractAppId, scopeOfField } from "@pop/protocol/scope";
import { localChain } from "@pop/test-utils/chain";
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

async function gasOf(
  call: {
    address: Address;
    abi: readonly unknown[];
    functionName: string;
    args: readonly unknown[];
    value?: bigint;
  },
  from = wallet,
) {
  const { request } = await client.simulateContract({ ...call, account: from.account } as never);
  const receipt = await client.waitForTransactionReceipt({ hash: await from.writeContract(request as never) });
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
      nullifierCommitment: identity.nullifierCommitment,
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
      args: [identity.commitment, identity.nullifierCommitment, packAttributes(credential.attributes)],
    }),
  );
  humanitySet.add(credentialLeaf(credential));
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
// verifyAndConsume derives the scope from (chain id, caller): here the caller is the wallet.
const benchAction = textToField("bench-scope");
const benchScope = scopeOfField({
  appId: contractAppId({ chainId: ours.chainId, contract: wallet.account.address }),
  action: benchAction,
});
const vote = await prove(3, benchScope, textToField("bench-message"));
const oursVerify = await gasOf({
  address: ours.personhoodVerifier,
  abi: personhoodVerifierAbi,
  functionName: "verifyAndConsume",
  args: [vote.proof, benchAction, vote.message],
});
const mintProof = await prove(4, tokenScopeOf(ours), addressToField(wallet.account.address), { kind: true });
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

// The curated registry: one registration, step by step.
log("registering through the curated registry…");
const [, juror1, juror2, juror3, claimer, voucher] = wallets as [Deployer, ...Deployer[]];
const arbitrator = await deployCommitteeArbitrator({
  wallet,
  client,
  committee: {
    jurors: [juror1!, juror2!, juror3!].map((j) => j.account.address),
    arbitrationCost: 10n ** 16n,
    baseAppealCost: 2n * 10n ** 16n,
    appealWindow: 3600,
  },
});
const registry = await deployRegistry({
  wallet,
  client,
  humanitySet: ours.humanitySet,
  issuerRegistry: ours.issuerRegistry,
  issuerId: 2,
  issuerPublicKey: createIssuer({ issuerId: 2, name: "registry" }).publicKey,
  arbitrator,
});
const onRegistry = (functionName: string, args: readonly unknown[], from = wallet, value?: bigint) =>
  gasOf({ address: registry, abi: humanityRegistryAbi, functionName, args, ...(value ? { value } : {}) }, from);
const passTime = async (seconds: number) => {
  await client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
};
const claimerId = claimer!.account.address;
const seeded = createIdentity();
await onRegistry("seedHumanity", [
  voucher!.account.address,
  voucher!.account.address,
  seeded.commitment,
  seeded.nullifierCommitment,
]);
const claimant = createIdentity();
const deposit = (await client.readContract({
  address: registry,
  abi: humanityRegistryAbi,
  functionName: "deposit",
})) as bigint;
const steps: Record<string, number> = {};
steps.claim = Number(
  await onRegistry(
    "claimHumanity",
    [claimerId, "ipfs://bench-evidence", claimant.commitment, claimant.nullifierCommitment],
    claimer,
    deposit,
  ),
);
steps.vouch = Number(await onRegistry("addVouch", [claimerId, claimerId], voucher));
steps.advance = Number(await onRegistry("advanceState", [claimerId, [voucher!.account.address], []], claimer));
steps.challenge = Number(
  await onRegistry(
    "challengeRequest",
    [0n, 1, "0x0000000000000000000000000000000000000000", "ipfs://why"],
    wallet,
    10n ** 16n,
  ),
);
const jury = (functionName: string, args: readonly unknown[], from: Deployer) =>
  gasOf({ address: arbitrator, abi: committeeArbitratorAbi, functionName, args }, from);
steps.juror_vote = Number(await jury("vote", [0n, 1n], juror1!));
steps.deciding_vote = Number(await jury("vote", [0n, 1n], juror2!));
await passTime(3600);
steps.execute_ruling = Number(await jury("executeRuling", [0n], wallet));
await passTime(302_400);
steps.execute_request = Number(await onRegistry("executeRequest", [0n, []]));
steps.process_vouches = Number(await onRegistry("processVouches", [0n, [[]]]));
steps.withdraw_deposit = Number(await onRegistry("withdrawDeposit", [claimerId, 0n]));
steps.withdraw = Number(await onRegistry("withdraw", [], claimer));
const registrationTotal = Object.values(steps).reduce((a, b) => a + b, 0);
const disputeSteps = ["challenge", "juror_vote", "deciding_vote", "execute_ruling"];
const unchallengedTotal = Object.entries(steps)
  .filter(([step]) => !disputeSteps.includes(step))
  .reduce((a, [, gas]) => a + gas, 0);
await anvil.stop();

const result = {
  bench: "gas",
  ours_add_member: mean(oursAdd),
  semaphore_add_member: mean(theirsAdd),
  ours_verify_consume: Number(oursVerify),
  semaphore_validate_proof: Number(theirsValidate),
  verify_ratio: Number((Number(oursVerify) / Number(theirsValidate)).toFixed(3)),
  ours_mint: Number(oursMint),
  registry_steps: steps,
  registry_registration_total: registrationTotal,
  registry_unchallenged_total: unchallengedTotal,
  registry_unchallenged_vs_add_member: Number((unchallengedTotal / mean(oursAdd)).toFixed(1)),
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
console.log(`\ncurated registration, step by step${"".padEnd(20)}gas`);
for (const [step, gas] of Object.entries(steps)) console.log(`${step.padEnd(44)}${String(gas).padStart(10)}`);
console.log(`${"total, with the dispute".padEnd(44)}${String(registrationTotal).padStart(10)}`);
console.log(
  `${`total, unchallenged (×${result.registry_unchallenged_vs_add_member} a direct add member)`.padEnd(44)}${String(unchallengedTotal).padStart(10)}`,
);
console.log(JSON.stringify(result));
process.exit(0);
