import { parseHumanityId } from "@pop/contracts/humanityId";
import { claimWithEvidence } from "@pop/registry/claimWithEvidence";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readIdentityFile } from "../../files.js";
import { progress } from "../../result.js";
import { optionalWei, registryOptions } from "./options.js";

export const registryClaim = defineCommand({
  name: "registry claim",
  usage: `pop registry claim --registry r.json --identity id.json --evidence CID [--id 0x…] [--value wei]
                   [--photo p.jpg] [--video v.mp4] [--shown <sign text>] [--force] [--rpc URL]
  Claims a Humanity ID (default: the wallet's address) for the identity's two commitments, paying
  the deposit (or --value towards it). A reclaim of an old ID needs the identity (or one rotated
  from it) that holds the ID's nullifier commitment. With --photo/--video a failing evidence
  pre-flight spends no deposit unless --force.`,
  options: {
    ...registryOptions,
    identity: { type: "string", required: true },
    evidence: { type: "string", required: true },
    id: { type: "string" },
    value: { type: "string" },
    photo: { type: "string" },
    video: { type: "string" },
    shown: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    const requestedId = options.id === undefined ? undefined : parseHumanityId(options.id);
    const value = optionalWei(options.value, "value");
    const identity = await readIdentityFile(options.identity);
    const { connection, clients } = await registryContext(options);
    const wallet = connection.wallet.account.address;
    const humanityId = requestedId ?? parseHumanityId(wallet);
    if (requestedId !== undefined && requestedId !== wallet.toLowerCase()) {
      progress(`the Humanity ID ${humanityId} is not this wallet's address ${wallet}: a reclaim must use the old ID`);
    }
    const outcome = await claimWithEvidence(clients, {
      humanityId,
      commitment: identity.commitment,
      nullifierCommitment: identity.nullifierCommitment,
      evidence: options.evidence,
      ...(value === undefined ? {} : { value }),
      media: {
        ...(options.photo === undefined ? {} : { photo: options.photo }),
        ...(options.video === undefined ? {} : { video: options.video }),
        ...(options.shown === undefined ? {} : { shown: options.shown }),
      },
      force: options.force,
    });
    if (!outcome.ok) return { output: outcome, exitCode: 1 };
    const { requestId, paid, tx, preflight } = outcome;
    return {
      output: {
        ok: true,
        requestId: requestId.toString(),
        humanityId,
        paid: paid.toString(),
        tx,
        ...(preflight === undefined ? {} : { preflight }),
      },
    };
  },
});
