import { packAttributes } from "@pop/protocol/attributes";
import { credentialLeaf } from "@pop/protocol/credential";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity, type PopIdentity, rotateAuthenticator } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { localChain, send } from "@pop/test-utils/chain";
import fc from "fast-check";
import type { PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalChain } from "../src/anvil.js";
import { type Deployer, deployPop } from "../src/deploy.js";
import { humanitySetAbi } from "../src/generated/humanitySet.js";
import { issuerRegistryAbi } from "../src/generated/issuerRegistry.js";
import { readHumanitySet } from "../src/readHumanitySet.js";

let chain: LocalChain;
let client: PublicClient;
let governance: Deployer;
let registrar: Deployer;

const issuer = createIssuer({ issuerId: 12, name: "property issuer" });
const attributes = {
  issuerId: 12,
  kind: "biometric" as const,
  country: 250,
  issuedAt: 1_800_000_000,
  expiresAt: 1_900_000_000,
};
const packed = packAttributes(attributes);

type Operation = { kind: "add" } | { kind: "update"; pick: number } | { kind: "remove"; pick: number };
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "add" as const }) },
  fc.record({ kind: fc.constant("update" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
);

beforeAll(async () => {
  let wallets: Deployer[];
  ({ chain, client, wallets } = await localChain());
  [governance, registrar] = wallets as [Deployer, Deployer];
});
afterAll(() => chain?.stop());

describe("off-chain rebuild of the humanity set from events", () => {
  it("has the contract's root after random add / update / remove sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        const deployment = await deployPop({ wallet: governance, client });
        const call = (functionName: string, args: readonly unknown[]) =>
          send({ client, wallet: registrar, address: deployment.humanitySet, abi: humanitySetAbi, functionName, args });
        await send({
          client,
          wallet: governance,
          address: deployment.issuerRegistry,
          abi: issuerRegistryAbi,
          functionName: "addIssuer",
          args: [12n, 1 << 2, issuer.publicKey, [registrar.account.address]],
        });
        const mirror = new HumanitySet();
        const live: PopIdentity[] = []; // the keys of current members
        const member = (human: PopIdentity) => ({
          commitment: human.commitment,
          nullifierCommitment: human.nullifierCommitment,
          attributes: packed,
        });
        for (const op of operations) {
          if (op.kind === "add" || live.length === 0) {
            const human = createIdentity();
            await call("addMember", [human.commitment, human.nullifierCommitment, packed]);
            mirror.add(credentialLeaf({ ...human, attributes }));
            live.push(human);
            continue;
          }
          const at = op.pick % live.length;
          const human = live[at]!;
          const leaf = credentialLeaf({ ...human, attributes });
          const siblings = mirror.merkleProof(leaf).siblings;
          if (op.kind === "update") {
            const recovered = rotateAuthenticator(human); // key recovery: a new authenticator, the same N
            await call("updateMember", [member(human), member(recovered), siblings]);
            mirror.update(leaf, credentialLeaf({ ...recovered, attributes }));
            live[at] = recovered;
          } else {
            await call("removeMember", [member(human), siblings]);
            mirror.remove(leaf);
            live.splice(at, 1);
          }
        }
        const onChain = await client.readContract({
          address: deployment.humanitySet,
          abi: humanitySetAbi,
          functionName: "root",
        });
        const rebuilt = await readHumanitySet({ client, address: deployment.humanitySet, chunk: 7n });
        expect(rebuilt.root).toBe(onChain);
        expect(mirror.root).toBe(onChain);
        expect(rebuilt.leaves).toEqual(mirror.leaves);
      }),
      { numRuns: 12 },
    );
  });
});
