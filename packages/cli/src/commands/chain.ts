import { advanceTime } from "@pop/contracts/actions/advanceTime";
import { startAnvil } from "@pop/contracts/anvil";
import { publicClientFor } from "@pop/contracts/connect";
import { DEV_CHAIN_ID, devAccounts } from "@pop/contracts/devAccounts";
import { parseIntegerOption } from "../args.js";
import { rpcOption, rpcUrl } from "../chain.js";
import { defineCommand } from "../command.js";
import { progress } from "../result.js";

export const chainStart = defineCommand({
  name: "chain start",
  usage: `pop chain start [--port N]
  Starts a local development chain (anvil, from node_modules) on 127.0.0.1 (a free port unless
  --port), prints its RPC URL, chain id and the ten development accounts (address and key: they
  hold test ether on this chain only) as one JSON line, and runs until Ctrl-C.`,
  options: { port: { type: "string" } },
  async run(options) {
    const port = options.port === undefined ? undefined : parseIntegerOption(options.port, "port", 1, 65_535);
    const chain = await startAnvil(port === undefined ? {} : { port });
    process.stdout.write(
      `${JSON.stringify({ rpcUrl: chain.rpcUrl, chainId: DEV_CHAIN_ID, accounts: devAccounts() })}\n`,
    );
    progress(`anvil listening at ${chain.rpcUrl}; Ctrl-C stops it`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      chain.process.once("exit", stop);
    });
    await chain.stop();
    progress("anvil stopped");
    return { output: undefined };
  },
});

export const chainAdvance = defineCommand({
  name: "chain advance",
  usage: `pop chain advance --seconds N [--rpc URL]
  Moves a local development chain's clock forward by N seconds and mines a block (e.g. to end a
  registry challenge period); prints the new block's timestamp. Refused on any other chain.`,
  options: { ...rpcOption, seconds: { type: "string", required: true } },
  async run(options) {
    const seconds = parseIntegerOption(options.seconds, "seconds", 1, 10 * 365 * 86_400);
    return { output: await advanceTime(publicClientFor(rpcUrl(options.rpc)), { seconds }) };
  },
});
