/**
 * The one message pattern the three-party protocol needs: in each round every party sends one
 * message to the previous party (j − 1 mod 3) and receives one from the next (j + 1 mod 3).
 */
export interface PartyChannel {
  /** Sends `data` to the previous party; resolves with what the next party sent this round. */
  exchange(data: Uint8Array): Promise<Uint8Array>;
}

/** Three channels joined in memory, for running all parties in one process (tests). */
export function localChannels(): [PartyChannel, PartyChannel, PartyChannel] {
  // inbox[j] holds messages sent to party j by party j + 1, in order.
  const inbox: Uint8Array[][] = [[], [], []];
  const waiting: (((data: Uint8Array) => void) | undefined)[] = [undefined, undefined, undefined];
  const channel = (party: number): PartyChannel => ({
    exchange(data) {
      const previous = (party + 2) % 3;
      const resolve = waiting[previous];
      if (resolve !== undefined) {
        waiting[previous] = undefined;
        resolve(data.slice());
      } else {
        inbox[previous]!.push(data.slice());
      }
      const queued = inbox[party]!.shift();
      return queued !== undefined
        ? Promise.resolve(queued)
        : new Promise((resolve) => {
            waiting[party] = resolve;
          });
    },
  });
  return [channel(0), channel(1), channel(2)];
}
