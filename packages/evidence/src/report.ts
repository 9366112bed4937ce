/** One policy rule's outcome in an evidence report. */
export type RuleStatus = "pass" | "fail" | "warn";

export type RuleResult = {
  /** Short name of the rule, e.g. "photo size". */
  rule: string;
  /** The policy section it enforces, e.g. "v2 2.A". */
  policy: string;
  status: RuleStatus;
  /** What was measured (sizes, scores, angles), so a curator can see why. */
  measured: Record<string, unknown>;
  /** One sentence for people. */
  message: string;
};

/** A three-way threshold: pass at or beyond `pass`, warn at or beyond `warn`, else fail. */
export function grade(value: number, pass: number, warn: number, higherIsBetter = true): RuleStatus {
  const at = (limit: number) => (higherIsBetter ? value >= limit : value <= limit);
  return at(pass) ? "pass" : at(warn) ? "warn" : "fail";
}

/** The worst status of several (fail > warn > pass). */
export function worst(statuses: readonly RuleStatus[]): RuleStatus {
  return statuses.includes("fail") ? "fail" : statuses.includes("warn") ? "warn" : "pass";
}
