/**
 * The registry's ERC-1497 MetaEvidence: one JSON document for disputes over claims and
 * renewals (registration) and one for disputes over revocations (clearing), each citing the
 * policy the request is judged against (docs/registry.md#kleros). The registry emits their URIs
 * as MetaEvidence 2i and 2i + 1 for policy i; with no place to publish them, `metaEvidenceUri`
 * makes a self-contained `data:` URI.
 */

/** An ERC-1497 MetaEvidence document, as Kleros's court interface reads it. */
export type MetaEvidence = {
  category: string;
  title: string;
  description: string;
  question: string;
  rulingOptions: { type: "single-select"; titles: [string, string]; descriptions: [string, string] };
  /** The policy document the jurors judge against. */
  fileURI: string;
};

/**
 * The two MetaEvidence documents of a registry policy. Ruling 1 is the requester's side and 2
 * the challenger's, as the registry reads them.
 * @param policy the policy's URI (a CID)
 */
export function registryMetaEvidence(policy: string): { registration: MetaEvidence; clearing: MetaEvidence } {
  const base = { category: "Curated Lists", fileURI: policy } as const;
  return {
    registration: {
      ...base,
      title: "Register a human in the pop curated registry",
      description:
        "A claimer asks to register (or renew) a Humanity ID with a photo and video of themselves; the request was challenged. Judge it against the policy.",
      question: "Does the request comply with the registry's policy?",
      rulingOptions: {
        type: "single-select",
        titles: ["Yes, register", "No, refuse"],
        descriptions: [
          "The request complies with the policy: the human is registered.",
          "The request does not comply with the policy: it is refused.",
        ],
      },
    },
    clearing: {
      ...base,
      title: "Remove a human from the pop curated registry",
      description:
        "A requester asks to remove a registered Humanity ID with evidence; the request was challenged. Judge it against the policy.",
      question: "Should the humanity be removed under the registry's policy?",
      rulingOptions: {
        type: "single-select",
        titles: ["Yes, remove", "No, keep"],
        descriptions: [
          "The removal complies with the policy: the humanity is removed.",
          "The removal does not comply with the policy: the humanity stays.",
        ],
      },
    },
  };
}

/** A MetaEvidence document as a self-contained `data:application/json;base64,` URI. */
export function metaEvidenceUri(document: MetaEvidence): string {
  return `data:application/json;base64,${Buffer.from(JSON.stringify(document)).toString("base64")}`;
}
