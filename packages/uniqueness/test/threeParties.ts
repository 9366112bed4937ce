import type { MpcContext } from "../src/mpc/booleanShares.js";
import { localChannels } from "../src/mpc/channel.js";
import { matchGroups } from "../src/mpc/matchCircuit.js";
import { ShareGallery } from "../src/mpc/shareGallery.js";
import { PARTIES, type TemplateShares } from "../src/mpc/templateShares.js";
import type { RandomSource } from "../src/randomSource.js";

/** Three parties' galleries in this process, filled from each template's gallery shares. */
export function galleriesOf(shares: readonly TemplateShares[]): ShareGallery[] {
  const galleries = PARTIES.map(() => new ShareGallery());
  for (const template of shares) {
    for (const party of PARTIES) galleries[party]!.add(template[party]);
  }
  return galleries;
}

/**
 * Runs the three parties in this process over an in-memory channel: a query against the
 * galleries, one opened bit per group. Returns each party's result.
 */
export function runThreeParties(options: {
  galleries: readonly ShareGallery[];
  query: TemplateShares;
  groups: readonly number[];
  random: RandomSource;
  rotations?: number;
}) {
  const channels = localChannels();
  const keys = [options.random(32), options.random(32), options.random(32)]; // keys[j]: parties j − 1 and j
  const nonce = options.random(12);
  return Promise.all(
    PARTIES.map((party) =>
      matchGroups(
        { party, channel: channels[party], prevKey: keys[party]!, nextKey: keys[(party + 1) % 3]!, nonce },
        options.galleries[party]!.dotShares(party, options.query[party], {
          rotations: options.rotations ?? 15,
        }),
        options.groups,
      ),
    ),
  );
}

/**
 * Three parties' MPC contexts joined in memory: a channel each, fresh pairwise keys (party j's
 * previous key is party j − 1's next key) and one nonce.
 */
export function inMemoryContexts(random: RandomSource): MpcContext[] {
  const channels = localChannels();
  const keys = [random(32), random(32), random(32)];
  const nonce = random(12);
  return PARTIES.map((party) => ({
    party,
    channel: channels[party],
    prevKey: keys[party]!,
    nextKey: keys[(party + 1) % 3]!,
    nonce,
  }));
}
