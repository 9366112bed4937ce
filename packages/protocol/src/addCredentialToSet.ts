import { InputError } from "@pop/core/errors";
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
  const leaf = credentialLeaf(signed.commitment, signed.attributes);
  set.add(leaf);
  return { leaf, index: set.size - 1 };
}
