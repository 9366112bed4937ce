import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { describe, expect, it } from "vitest";
import { type ControlMessage, parseControl, RequestDropped, Sequencer } from "../src/sequencer.js";

/** Three sequencers joined in memory; each message goes through the strict parser, as over the wire. */
function threeSequencers(timeoutMs = 2_000) {
  const logs: [number, string][][] = [[], [], []];
  const nodes: Sequencer[] = [];
  for (const party of [0, 1, 2] as const) {
    nodes.push(
      new Sequencer({
        party,
        lastSeq: 0,
        timeoutMs,
        send: async (to: Party, message: ControlMessage) =>
          nodes[to]!.receive(party, parseControl(JSON.parse(JSON.stringify(message)), "message")),
        record: async (seq, requestId) => {
          logs[party]!.push([seq, requestId]);
        },
      }),
    );
  }
  return { nodes, logs };
}

const digestOf = (i: number) => i.toString(16).padStart(64, "0");

describe("the sequencer", () => {
  it("orders 50 concurrent requests, submitted in different orders, identically on all three nodes", async () => {
    const { nodes, logs } = threeSequencers();
    const requests = Array.from({ length: 50 }, (_, i) => ({ id: newRequestId(), digest: digestOf(i) }));
    // Each node sees the requests in its own order (as three issuers' traffic would interleave).
    const orders = [requests, [...requests].reverse(), [...requests.slice(25), ...requests.slice(0, 25)]];
    const turns = await Promise.all(
      orders.map((order, party) => Promise.all(order.map((r) => nodes[party]!.submit(r.id, r.digest)))),
    );
    const byId = (party: number) => new Map(orders[party]!.map((r, i) => [r.id, turns[party]![i]!]));
    for (const r of requests) {
      expect(new Set([0, 1, 2].map((party) => byId(party).get(r.id))).size).toBe(1);
    }
    expect(new Set(turns[0]).size).toBe(50);
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    expect(logs[0]!.map(([seq]) => seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("drops a request one node refuses, for everyone, with the reason", async () => {
    const { nodes, logs } = threeSequencers();
    const id = newRequestId();
    const turns = [nodes[0]!.submit(id, digestOf(1)), nodes[1]!.submit(id, digestOf(1))];
    nodes[2]!.refuse(id, "custody part 2 does not decrypt");
    for (const turn of turns) {
      await expect(turn).rejects.toThrow(new RequestDropped("node 2 refused it: custody part 2 does not decrypt"));
    }
    expect(logs).toEqual([[], [], []]);
  });

  it("drops a request a node never got, and one whose copies differ", async () => {
    const { nodes } = threeSequencers(300);
    const missing = newRequestId();
    const partial = [nodes[0]!.submit(missing, digestOf(2)), nodes[2]!.submit(missing, digestOf(2))];
    for (const turn of partial) {
      await expect(turn).rejects.toThrow(new RequestDropped("not every node received the request in time"));
    }
    const forked = newRequestId();
    const copies = [0, 1, 2].map((party) => nodes[party]!.submit(forked, digestOf(party === 2 ? 4 : 3)));
    for (const turn of copies) {
      await expect(turn).rejects.toThrow(new RequestDropped("the nodes received different requests under one id"));
    }
    // The queue goes on: the next request is ordered as usual.
    const next = newRequestId();
    expect(await Promise.all([0, 1, 2].map((party) => nodes[party]!.submit(next, digestOf(5))))).toEqual([1, 1, 1]);
  });

  it("takes orders only from node 0, and only for a request the node holds", async () => {
    const { nodes } = threeSequencers();
    await expect(
      nodes[1]!.receive(2, { type: "order", requestId: newRequestId(), digest: digestOf(1), seq: 1 }),
    ).rejects.toThrow(new RequestDropped("node 2 may not send order"));
    await expect(
      nodes[1]!.receive(0, { type: "order", requestId: newRequestId(), digest: digestOf(1), seq: 1 }),
    ).rejects.toThrow(new RequestDropped("order 1 is for a request this node does not hold"));
  });
});
