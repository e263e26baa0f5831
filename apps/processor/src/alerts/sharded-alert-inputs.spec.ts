// Covers the alert stage's view of several order shards: series summed (a window is "no history" only when so in every shard), branches unioned, and ShardedProgress holding a window until every shard has acknowledged what was delivered before it closed.
import type { CountedProgress } from './alert-stage';
import { compareIds } from './alert-stage';
import { ShardedAlertCountsReader, ShardedProgress, sumAlertInputs, sumSeries } from './sharded-alert-inputs';

describe('sumSeries / sumAlertInputs', () => {
  it('adds counts, keeps undefined only where every shard has no history, takes the latest activity', () => {
    expect(sumSeries('a', [
      { branch: 'a', counts: [undefined, 2, 3], lastActiveBeforeMs: 10 },
      { branch: 'a', counts: [undefined, undefined, 4], lastActiveBeforeMs: 30 },
    ])).toEqual({ branch: 'a', counts: [undefined, 2, 7], lastActiveBeforeMs: 30 });
    expect(sumSeries('b', [{ branch: 'b', counts: [1] }, { branch: 'b', counts: [0] }])).toEqual({ branch: 'b', counts: [1] });
  });

  it('unions the branches of all shards, sorted', () => {
    const inputs = sumAlertInputs([
      { chain: { branch: '*', counts: [1, 2] }, branches: [{ branch: 'sunae', counts: [1, 2] }] },
      { chain: { branch: '*', counts: [3, 4] }, branches: [{ branch: 'jeongja', counts: [3, 4] }, { branch: 'sunae', counts: [0, 0] }] },
    ]);
    expect(inputs).toEqual({
      chain: { branch: '*', counts: [4, 6] },
      branches: [{ branch: 'jeongja', counts: [3, 4] }, { branch: 'sunae', counts: [1, 2] }],
    });
  });

  it('ShardedAlertCountsReader reads every shard: the earliest first window, the summed inputs', async () => {
    const shard = (first: number | undefined, count: number) => ({
      firstWindow: async () => first,
      read: async () => ({ chain: { branch: '*', counts: [count] }, branches: [] }),
    });
    const reader = new ShardedAlertCountsReader([shard(undefined, 1), shard(3_000, 2), shard(1_000, 3)]);
    expect(await reader.firstWindow()).toBe(1_000);
    expect((await reader.read(5_000)).chain.counts).toEqual([6]);
  });
});

describe('ShardedProgress', () => {
  class FakeGroup implements CountedProgress {
    delivered = '0-0';
    pending: string | undefined;
    async lastDelivered(): Promise<string> {
      return this.delivered;
    }
    async oldestPending(): Promise<string | undefined> {
      return this.pending;
    }
  }

  it('a window waits while any shard still holds an entry delivered before its mark', async () => {
    const a = new FakeGroup();
    const b = new FakeGroup();
    const progress = new ShardedProgress([a, b]);
    a.delivered = '100-0';
    b.delivered = '50-0';
    const first = await progress.lastDelivered();
    a.delivered = '200-0';
    b.delivered = '60-0';
    const second = await progress.lastDelivered();
    // Shard b has entry 40 pending (before both marks): both windows wait (the stage waits while oldest <= mark).
    b.pending = '40-0';
    let oldest = await progress.oldestPending();
    expect(oldest !== undefined && compareIds(oldest, first) <= 0).toBe(true);
    // b's 40 done, a has 150 pending: after the first mark (a: 100), within the second (a: 200).
    b.pending = undefined;
    a.pending = '150-0';
    oldest = await progress.oldestPending();
    expect(oldest !== undefined && compareIds(oldest, first) <= 0).toBe(false);
    expect(oldest !== undefined && compareIds(oldest, second) <= 0).toBe(true);
    // Everything acknowledged: nothing waits.
    a.pending = '250-0';
    expect(await progress.oldestPending()).toBeUndefined();
  });
});
