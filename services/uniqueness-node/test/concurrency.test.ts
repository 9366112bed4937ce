import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { type ClientKey, clientPublic, createClientKey } from "@pop/uniqueness/cluster/clientKey";
import { type Cluster, parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { packagesFor, randomPerson, recapture } from "../../../packages/uniqueness/test/people.js";
import { type RunningNode, startNode } from "../src/node.js";
import { makeTestCluster } from "./localCluster.js";

/**
 * Requests are ordered, never refused for being concurrent (docs/uniqueness.md#ordered-and-concurrent):
 * the audit saw 20 concurrent checks get 1–5 answers and 20 concurrent enrolments of one eye
 * enrol it 2–3 times ("one request at a time" was a racy flag, and busy meant 503).
 */

const random = seededRandom("concurrency.test");
const local = await makeTestCluster({ basePort: 17_440, prefix: "pop-concurrency-" });
// Two more registered issuers, so that three issuers call at once.
const issuers: ClientKey[] = [local.client, await createClientKey("issuer-b"), await createClientKey("issuer-c")];
const cluster: Cluster = parseCluster(
  {
    ...local.cluster,
    clients: issuers.map((key) => {
      const { id, signingKey, certificate } = clientPublic(key);
      return { id, signingKey, certificate, ratePerMinute: 600 };
    }),
  },
  "cluster",
);
for (const party of [0, 1, 2]) {
  writeFileSync(join(local.nodeDir(party), "cluster.json"), JSON.stringify(cluster));
}
const make = packagesFor({ nodeKeys: local.keys, source: local.source, random });
const nodes: RunningNode[] = [];
for (const party of [0, 1, 2]) nodes.push(await startNode({ dataDir: local.nodeDir(party), log: () => {} }));
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

describe("concurrent requests from several issuers", () => {
  const enrolled = Array.from({ length: 3 }, () => randomPerson(random));

  it("50 concurrent checks from 3 issuers are all answered, each correctly", async () => {
    for (const person of enrolled) {
      const body = { personId: newRequestId(), package: make.iris(person, person.nullifierKey), commitment: "1" };
      expect((await callCluster({ cluster, client: issuers[0]!, kind: "enroll", body })).result).toMatchObject({
        enrolled: true,
      });
    }
    // Every fifth check is a recapture of an enrolled person under another N (a conflict), every
    // fifth + 1 the same person's N (same-human); the rest are strangers (unique).
    const queries = Array.from({ length: 50 }, (_, i) => {
      const person = enrolled[i % 3]!;
      if (i % 5 === 0) return { pkg: make.iris(recapture(person, random), 11n), expected: "conflict" };
      if (i % 5 === 1)
        return { pkg: make.iris(recapture(person, random), person.nullifierKey), expected: "same-human" };
      const stranger = randomPerson(random);
      return { pkg: make.iris(stranger, stranger.nullifierKey), expected: "unique" };
    });
    const answers = await Promise.all(
      queries.map(({ pkg }, i) =>
        callCluster({ cluster, client: issuers[i % 3]!, kind: "check", body: { package: pkg } }),
      ),
    );
    expect(answers.map((answer) => answer.result.decision)).toEqual(queries.map((query) => query.expected));
    expect(answers.every((answer) => answer.answers.length === 3)).toBe(true);
  });

  it("two overlapping enrolments of the same person admit exactly one", async () => {
    const person = randomPerson(random);
    const attempts = await Promise.allSettled(
      [0, 1, 2, 0].map((issuer, i) =>
        callCluster({
          cluster,
          client: issuers[issuer]!,
          kind: "enroll",
          // Two captures of one person: under two Ns (a Sybil) and, twice, the same N.
          body: {
            personId: newRequestId(),
            package: make.iris(recapture(person, random), i === 1 ? 5n : person.nullifierKey),
            commitment: String(i),
          },
        }),
      ),
    );
    const results = attempts.map((attempt) => (attempt.status === "fulfilled" ? attempt.value.result : attempt.reason));
    expect(results.filter((result) => "enrolled" in result && result.enrolled)).toHaveLength(1);
    expect(
      results
        .filter((result) => "enrolled" in result && !result.enrolled)
        .map((result) => (result as { reason: string }).reason)
        .sort(),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^(another person matches|the same human is enrolled)$/)]));
    expect(results.every((result) => "enrolled" in result)).toBe(true);
    expect(nodes.map((node) => node.store.count)).toEqual([4, 4, 4]);
    expect(new Set(nodes.map((node) => node.events.head)).size).toBe(1);
  });
});
