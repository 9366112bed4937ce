/**
 * Registry credentials (docs/registry.md#credentials): a registry human's credential is not signed by
 * anyone; the HumanityRegistered log that set the humanity's current leaf backs it. These
 * functions build such a credential from the chain and check one against the chain.
 */

import { CredentialError } from "@pop/core/errors";
import { packAttributes, unpackAttributes } from "@pop/protocol/attributes";
import { isRegistered, type RegisteredCredential, registeredCredential } from "@pop/protocol/credential";
import { type Address, decodeEventLog, getAbiItem, type Hex, type PublicClient, zeroAddress } from "viem";
import { readHumanity } from "./actions/registry/readHumanity.js";
import { chainCall } from "./errors/chainError.js";
import { humanityRegistryAbi } from "./generated/humanityRegistry.js";

const registeredEvent = getAbiItem({ abi: humanityRegistryAbi, name: "HumanityRegistered" });

/**
 * The credential of a registered humanity, backed by the HumanityRegistered log that set its
 * current leaf (a renewal or reclaim emits a new one; the latest matching log is taken).
 * @param params.registry the HumanityRegistry
 * @param params.humanityId the humanity (bytes20)
 * @param params.issuerName the name the document gives the registry issuer (default "registry")
 * @param params.fromBlock the registry's deployment block (default 0)
 * @throws CredentialError when the humanity has no leaf (not registered, removed or moved away)
 */
export function registryCredential(params: {
  client: PublicClient;
  registry: Address;
  humanityId: Hex;
  issuerName?: string;
  fromBlock?: bigint;
}): Promise<RegisteredCredential> {
  return chainCall(async () => {
    const { client, registry, humanityId } = params;
    const humanity = await readHumanity(client, registry, humanityId);
    if (humanity.owner === zeroAddress || humanity.commitment === 0n) {
      throw new CredentialError(`humanity ${humanityId} is not registered in ${registry}`);
    }
    const logs = await client.getLogs({
      address: registry,
      event: registeredEvent,
      args: { humanityId },
      fromBlock: params.fromBlock ?? 0n,
      toBlock: "latest",
      strict: true,
    });
    const log = logs
      .filter(
        (l) =>
          l.args.commitment === humanity.commitment &&
          l.args.nullifierCommitment === humanity.nullifierCommitment &&
          l.args.attributes === humanity.attributes,
      )
      .at(-1);
    if (log === undefined || log.transactionHash === null || log.logIndex === null) {
      throw new CredentialError(`no HumanityRegistered log of ${humanityId} matches its current leaf`);
    }
    return registeredCredential({
      commitment: humanity.commitment,
      nullifierCommitment: humanity.nullifierCommitment,
      attributes: unpackAttributes(humanity.attributes),
      issuerName: params.issuerName ?? "registry",
      registration: {
        chainId: await client.getChainId(),
        registry,
        humanityId,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
      },
    });
  });
}

/** What the chain says about a registry credential that checks out. */
export type RegistrationStatus = {
  /** The wallet the log registered the humanity to. */
  owner: Address;
  /** Whether the log's leaf is still the humanity's leaf (false after a renewal, removal or transfer). */
  current: boolean;
};

/**
 * Checks a registry credential against the chain its registration names: the log exists, was
 * emitted by that registry in a successful transaction, and records exactly this humanity,
 * both commitments and the attributes; the registry is the issuer the attributes name.
 * @param params.client a client of the credential's chain
 * @returns the owner the log names and whether the leaf is still the humanity's
 * @throws CredentialError naming the first thing that does not match
 */
export function checkRegistration(params: {
  client: PublicClient;
  credential: RegisteredCredential;
}): Promise<RegistrationStatus> {
  return chainCall(async () => {
    const { client, credential } = params;
    if (!isRegistered(credential)) throw new CredentialError("the credential is not backed by a registration");
    const { chainId, registry, humanityId, transactionHash, logIndex } = credential.registration;
    const served = await client.getChainId();
    if (served !== chainId) {
      throw new CredentialError(`the credential's registration is on chain ${chainId}; the client serves ${served}`);
    }
    const receipt = await client.getTransactionReceipt({ hash: transactionHash }).catch(() => undefined);
    if (receipt === undefined || receipt.status !== "success") {
      throw new CredentialError(`transaction ${transactionHash} is not a successful transaction on chain ${chainId}`);
    }
    const log = receipt.logs.find((l) => l.logIndex === logIndex);
    if (log === undefined || log.address.toLowerCase() !== registry) {
      throw new CredentialError(`log ${logIndex} of ${transactionHash} was not emitted by registry ${registry}`);
    }
    let args: { humanityId: Hex; owner: Address; commitment: bigint; nullifierCommitment: bigint; attributes: bigint };
    try {
      const decoded = decodeEventLog({ abi: [registeredEvent], data: log.data, topics: log.topics, strict: true });
      args = decoded.args;
    } catch {
      throw new CredentialError(`log ${logIndex} of ${transactionHash} is not a HumanityRegistered event`);
    }
    if (
      args.humanityId.toLowerCase() !== humanityId ||
      args.commitment !== credential.commitment ||
      args.nullifierCommitment !== credential.nullifierCommitment ||
      args.attributes !== packAttributes(credential.attributes)
    ) {
      throw new CredentialError(
        "the HumanityRegistered log records another humanity, commitment, nullifier commitment or attributes",
      );
    }
    const [issuerId, humanity] = await Promise.all([
      client.readContract({ address: registry, abi: humanityRegistryAbi, functionName: "issuerId" }),
      readHumanity(client, registry, humanityId),
    ]);
    if (issuerId !== BigInt(credential.attributes.issuerId)) {
      throw new CredentialError(`registry ${registry} is issuer ${issuerId}, not ${credential.attributes.issuerId}`);
    }
    return {
      owner: args.owner,
      current:
        humanity.commitment === args.commitment &&
        humanity.nullifierCommitment === args.nullifierCommitment &&
        humanity.attributes === args.attributes,
    };
  });
}
