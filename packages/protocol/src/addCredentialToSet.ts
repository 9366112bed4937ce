import { InputError } from "@pop/core/errors";
import { type Credential, checkCredential, credentialLeaf, isRegistered, type SignedCredential } from "./credential.js";
import type { HumanitySet } from "./humanitySet.js";
import type { IssuerSet } from "./issuerSet.js";

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
 * Checks a signed credential (its signature and, with `issuers`, that the signer is the active
 * key registered for its issuer id) and adds its leaf to a local humanity set.
 * @param set the set, changed in place
 * @param credential the credential
 * @param options.issuers the issuer set to check the signer against
 * @returns the leaf and its index
 * @throws InputError for a registry credential; CredentialError / IssuerError for a refused
 *   credential; SetError when the leaf is already in the set
 */
export function addCredentialToSet(
  set: HumanitySet,
  credential: Credential,
  options: { issuers?: IssuerSet } = {},
): { leaf: bigint; index: number } {
  const signed = expectSignedCredential(credential);
  checkCredential(signed, options.issuers === undefined ? {} : { issuers: options.issuers });
  const leaf = credentialLeaf(signed.commitment, signed.attributes);
  set.add(leaf);
  return { leaf, index: set.size - 1 };
}
