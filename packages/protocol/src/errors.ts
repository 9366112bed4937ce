/** Options shared by every pop error. */
export type PopErrorOptions = {
  /** Machine-readable facts about the failure (never secrets). */
  details?: Record<string, unknown>;
  /** The underlying error, when one was caught. */
  cause?: unknown;
};

/**
 * Base of every error pop throws on purpose: a short message that names the bad
 * parameter, optional details and the cause.
 */
export class PopError extends Error {
  readonly details: Record<string, unknown>;

  constructor(message: string, options: PopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? {};
  }
}

/** Malformed input: bad JSON, wrong type, unknown field, value out of range. */
export class InputError extends PopError {}

/** A well-formed credential that must be refused (bad signature, expired, wrong holder). */
export class CredentialError extends PopError {}

/** An issuer that is unknown, revoked or conflicts with another. */
export class IssuerError extends PopError {}

/** A humanity-set operation that cannot be done (leaf absent, duplicate, set too deep). */
export class SetError extends PopError {}

/** Proof generation failed, or a proof could not be checked. */
export class ProofError extends PopError {}
