/**
 * pop's errors, in viem's shape: one base class with a short message, machine-readable
 * details, the cause and a docs path, and `walk()` down the cause chain. Every public function
 * of a pop package throws one of these (see docs/architecture.md, "Errors"); a caller tells bad
 * input from a refusal by the class, never by parsing a message.
 */

/** Options shared by every pop error. */
export type PopErrorOptions = {
  /** Machine-readable facts about the failure (never secrets). */
  details?: Record<string, unknown>;
  /** The underlying error, when one was caught. */
  cause?: unknown;
  /** A path under docs/ that explains the failure, e.g. "docs/registry.md#execute". */
  docsPath?: string;
};

/**
 * Base of every error pop throws on purpose: a short, one-line message that names the bad
 * parameter, optional details, the cause and a docs path.
 * @example
 * try { parseIdentity(json) } catch (error) {
 *   if (error instanceof InputError) console.error(error.shortMessage);
 * }
 */
export class PopError extends Error {
  /** The message without any cause or details appended: what a CLI prints. */
  readonly shortMessage: string;
  readonly details: Record<string, unknown>;
  readonly docsPath: string | undefined;

  constructor(shortMessage: string, options: PopErrorOptions = {}) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.shortMessage = shortMessage;
    this.details = options.details ?? {};
    this.docsPath = options.docsPath;
  }

  /**
   * Walks the cause chain.
   * @param match without it, the deepest cause is returned; with it, the first error (this one
   *   included) for which it is true, or null when none is
   */
  walk(match?: (error: unknown) => boolean): unknown {
    return walkErrors(this, match);
  }
}

/**
 * Walks an error's cause chain (see PopError.walk); works on any thrown value.
 * @param error where to start
 * @param match the test; without it, the deepest cause is returned
 */
export function walkErrors(error: unknown, match?: (error: unknown) => boolean): unknown {
  let current = error;
  // A cycle of causes is possible in hand-made errors: stop after a generous depth.
  for (let depth = 0; depth < 64; depth++) {
    if (match?.(current)) return current;
    const next =
      typeof current === "object" && current !== null && "cause" in current
        ? (current as { cause: unknown }).cause
        : undefined;
    if (next === undefined) return match === undefined ? current : null;
    current = next;
  }
  return match === undefined ? current : null;
}

/** Malformed input: bad JSON, wrong type, unknown field, value out of range, unusable file. */
export class InputError extends PopError {}

/** A well-formed credential that must be refused (bad signature, expired, wrong holder). */
export class CredentialError extends PopError {}

/** An issuer that is unknown, revoked or conflicts with another. */
export class IssuerError extends PopError {}

/** A humanity-set operation that cannot be done (leaf absent, duplicate, set too deep). */
export class SetError extends PopError {}

/** Proof generation failed, or a proof could not be checked. */
export class ProofError extends PopError {}

/** A circuit artifact is missing or does not match the manifest's hash. */
export class ArtifactError extends PopError {}

/**
 * A chain answered with a refusal (a revert: `details.errorName` and `details.args` name the
 * contract's custom error) or could not be reached.
 */
export class ChainError extends PopError {}

/** The uniqueness cluster did not give one agreed, signed answer. */
export class ClusterError extends PopError {}

/** An evidence check could not run (a tool is missing, a file cannot be decoded). */
export class EvidenceError extends PopError {}
