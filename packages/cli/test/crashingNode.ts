/**
 * A uniqueness node that dies between the two phases of its first enrolment, as a power cut
 * would: `pop uniqueness node` (the same serveNode) with the afterPrepare fault injected.
 * Run as `node --import tsx crashingNode.ts <the node's options>`.
 */
import { serveNode } from "@pop/uniqueness-node/main";

await serveNode(process.argv.slice(2), {
  faults: {
    afterPrepare: () => {
      process.kill(process.pid, "SIGKILL");
    },
  },
});
