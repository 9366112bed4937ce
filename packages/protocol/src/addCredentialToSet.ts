import { CredentialError, InputError, SetError } from "@pop/core/errors";
import { type Credential, checkCredential, credentialLeaf, isRegistered, type SignedCredential } from "./credential.js";
import type { HumanitySet } from "./humanitySet.js";
import { IssuerSet } from "./issuerSet.js";

/**
 * Narrows a credential whose leaf is to be added by hand to a signed one. A registry credential
 * is refused: the HumanityRegistry contract inserted its leaf when it emitted the registration
 * (docs/architecture.md, decision 2), so there is nothing to add and no signature to check.
 * @param credential the credential
 * @returns the signed credential
 * @throws InputError for a registry credential
 */
export function expectSignedCredential(credential: Credential): SignedCredential {
  if (isRegistered(credential)) {
    throw new InputError("a registry credential's leaf is inserted by the registry contract, not added by hand");
  }
  return credential;
}

/**
 * Checks a signed credential and adds its leaf to a local humanity set. The issuer set is
 * required: the signature alone shows only that someone holds the key the credential itself
 * names, so a fresh key claiming an existing issuer id would pass. With it, the signer must be
 * the key registered for the credential's issuer id, that issuer active and allowed the
 * credential's kind (checkCredential).
 * @param set the set, changed in place
 * @param credential the credential
 * @param options.issuers the issuer set to check the signer against
 * @returns the leaf and its index
 * @throws InputError for a registry credential or a missing issuer set; CredentialError /
 *   IssuerError for a refused credential; SetError when the leaf is already in the set
 * @example addCredentialToSet(humanitySet, credential, { issuers: issuerSet })
 */
export function addCredentialToSet(
  set: HumanitySet,
  credential: Credential,
  options: { issuers: IssuerSet },
): { leaf: bigint; index: number } {
  if (!(options?.issuers instanceof IssuerSet)) {
    throw new InputError("addCredentialToSet needs the issuer set to check the credential's signer against");
  }
  const signed = expectSignedCredential(credential);
  checkCredential(signed, { issuers: options.issuers });
  const leaf = credentialLeaf(signed);
  set.add(leaf);
  return { leaf, index: set.size - 1 };
}

/**
 * Replaces a credential's leaf with its successor's in a local humanity set: after an
 * authenticator rotation (new c) or a renewal (new attributes). Both credentials are checked
 * against the issuer set; the successor must carry the same nullifier commitment N, since an
 * update that changed N would give the human a second set of nullifiers (docs/architecture.md,
 * decision 2), and come from the same issuer, which is the one that vouches for the change.
 * @param set the set, changed in place
 * @param from the credential whose leaf is in the set now
 * @param to the credential that replaces it
 * @param options.issuers the issuer set to check both signers against
 * @returns the old and new leaves and the index they share
 * @throws CredentialError for a different N or another issuer; InputError for a registry
 *   credential or a missing issuer set; IssuerError for a refused signer; SetError when the
 *   old leaf is not in the set or the new one already is
 * @example updateCredentialInSet(humanitySet, oldCredential, rotatedCredential, { issuers })
 */
export function updateCredentialInSet(
  set: HumanitySet,
  from: Credential,
  to: Credential,
  options: { issuers: IssuerSet },
): { oldLeaf: bigint; leaf: bigint; index: number } {
  if (!(options?.issuers instanceof IssuerSet)) {
    throw new InputError("updateCredentialInSet needs the issuer set to check the credentials' signers against");
  }
  const [current, next] = [expectSignedCredential(from), expectSignedCredential(to)];
  checkSuccessor(current, next);
  checkCredential(current, { issuers: options.issuers });
  checkCredential(next, { issuers: options.issuers });
  const oldLeaf = credentialLeaf(current);
  const leaf = credentialLeaf(next);
  if (!set.has(oldLeaf)) {
    throw new SetError("the old credential's leaf is not in the humanity set");
  }
  if (set.has(leaf)) {
    throw new SetError("the new credential's leaf is already in the humanity set");
  }
  return { oldLeaf, leaf, index: set.update(oldLeaf, leaf) };
}

/**
 * What makes `to` a valid successor of `from` in the set, before any signature is checked: the
 * same nullifier commitment N (an update that changed N would give the human a second set of
 * nullifiers; docs/architecture.md, decision 2) and the same issuer, which vouches for the change.
 * @param from the credential whose leaf is in the set
 * @param to the credential that replaces it
 * @throws CredentialError naming which of the two differs
 */
export function checkSuccessor(from: Credential, to: Credential): void {
  if (to.nullifierCommitment !== from.nullifierCommitment) {
    throw new CredentialError(
      "the new credential carries another nullifier commitment: an update keeps the human's N (only c and the attributes may change)",
    );
  }
  if (to.attributes.issuerId !== from.attributes.issuerId) {
    throw new CredentialError(
      `the new credential is from issuer ${to.attributes.issuerId}, the old one from issuer ${from.attributes.issuerId}: a credential from another issuer is added, not swapped in`,
    );
  }
}
