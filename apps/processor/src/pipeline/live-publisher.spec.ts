// Covers the live publisher's per-branch throttling, coalescing, close announcements, late updates and retry, with injected time.
import { LivePublisher, type LiveScheduler, type LiveUpdate } from './live-publisher';

interface Totals {
  branch: string;
  start: number;
  count: number;
}

class FakeScheduler implements LiveScheduler {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= end && (next === undefined || entry[1].at < next[1].at)) {
          next = entry;
        }
      }
      if (next === undefined) {
        break;
      }
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
    }
    this.time = end;
  }
}

const WINDOW = 30_000;

function setup(overrides: { send?: (updates: readonly LiveUpdate<Totals>[]) => Promise<void> } = {}) {
  const scheduler = new FakeScheduler();
  const sent: LiveUpdate<Totals>[] = [];
  const errors: unknown[] = [];
  const publisher = new LivePublisher<Totals>({
    windowSizeMs: WINDOW,
    intervalMs: 250,
    keepMs: 10 * WINDOW,
    scheduler,
    onError: (error) => errors.push(error),
    send:
      overrides.send ??
      (async (updates) => {
        sent.push(...updates);
      }),
  });
  const settle = () => publisher.drain();
  const t = (branch: string, start: number, count: number): Totals => ({ branch, start, count });
  return { scheduler, sent, errors, publisher, settle, t };
}

const brief = (updates: readonly LiveUpdate<Totals>[]) => updates.map((u) => `${u.totals.branch}@${u.totals.start}=${u.totals.count}${u.final ? '!' : ''}`);

describe('LivePublisher', () => {
  it('publishes the first update of a branch at once and coalesces the rest of the interval into one', async () => {
    const { publisher, scheduler, sent, settle, t } = setup();
    publisher.update([t('a', 0, 1)]);
    publisher.update([t('a', 0, 2)]);
    publisher.update([t('a', 0, 3)]);
    await settle();
    expect(brief(sent)).toEqual(['a@0=1']);
    scheduler.advance(249);
    await settle();
    expect(brief(sent)).toEqual(['a@0=1']);
    scheduler.advance(1);
    await settle();
    expect(brief(sent)).toEqual(['a@0=1', 'a@0=3']);
  });

  it('throttles branches independently', async () => {
    const { publisher, scheduler, sent, settle, t } = setup();
    publisher.update([t('a', 0, 1)]);
    publisher.update([t('b', 0, 5)]);
    publisher.update([t('a', 0, 2), t('b', 0, 6)]);
    await settle();
    expect(brief(sent)).toEqual(['a@0=1', 'b@0=5']);
    scheduler.advance(250);
    await settle();
    expect(brief(sent).slice(2).sort()).toEqual(['a@0=2', 'b@0=6']);
  });

  it('never sends more than one throttled round per branch per interval', async () => {
    const { publisher, scheduler, sent, settle, t } = setup();
    for (let i = 1; i <= 100; i++) {
      publisher.update([t('a', 0, i)]);
      scheduler.advance(10);
    }
    await settle();
    const counts = sent.map((u) => u.totals.count);
    expect(counts.length).toBeLessThanOrEqual(1 + Math.ceil(1000 / 250));
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    scheduler.advance(250);
    await settle();
    expect(sent.at(-1)?.totals.count).toBe(100);
  });

  it('announces a closed window at once, unthrottled, with its newest totals', async () => {
    const { publisher, sent, settle, t } = setup();
    publisher.update([t('a', 0, 1)]);
    publisher.update([t('a', 0, 2), t('a', WINDOW, 1)]);
    expect(publisher.close([{ branch: 'a', start: 0 }])).toBe(1);
    await settle();
    expect(brief(sent)).toEqual(['a@0=1', 'a@0=2!']);
    expect(publisher.close([{ branch: 'b', start: 0 }])).toBe(0);
  });

  it('publishes a late update of a closed window as an ordinary, throttled update', async () => {
    const { publisher, scheduler, sent, settle, t } = setup();
    publisher.update([t('a', 0, 1)]);
    publisher.close([{ branch: 'a', start: 0 }]);
    publisher.update([t('a', 0, 2), t('a', WINDOW, 5)]);
    await settle();
    expect(brief(sent)).toEqual(['a@0=1', 'a@0=1!']);
    scheduler.advance(250);
    await settle();
    expect(brief(sent).slice(2).sort()).toEqual(['a@0=2', `a@${WINDOW}=5`]);
  });

  it('flush sends pending updates at once', async () => {
    const { publisher, sent, t } = setup();
    publisher.update([t('a', 0, 1)]);
    publisher.update([t('a', 0, 2)]);
    await publisher.flush();
    expect(brief(sent)).toEqual(['a@0=1', 'a@0=2']);
  });

  it('resends failed updates and close announcements after the interval, each close once', async () => {
    let fail = true;
    const sent: LiveUpdate<Totals>[] = [];
    const { publisher, scheduler, errors, settle, t } = setup({
      send: async (updates) => {
        if (fail) {
          throw new Error('down');
        }
        sent.push(...updates);
      },
    });
    publisher.update([t('a', 0, 1), t('b', 0, 1)]);
    publisher.close([{ branch: 'a', start: 0 }]);
    await settle();
    expect(errors).toHaveLength(3);
    publisher.update([t('a', 0, 2)]);
    fail = false;
    scheduler.advance(250);
    await settle();
    expect(brief(sent).sort()).toEqual(['a@0=1!', 'a@0=2', 'b@0=1']);
    expect(sent.filter((u) => u.final)).toHaveLength(1);
  });

  it('ignores updates after stop', async () => {
    const { publisher, sent, settle, t, scheduler } = setup();
    publisher.stop();
    publisher.update([t('a', 0, 1)]);
    scheduler.advance(100_000);
    await settle();
    expect(sent).toEqual([]);
  });

  it('forgets windows far behind the newest one', () => {
    const { publisher, scheduler, t } = setup();
    for (let i = 0; i < 40; i++) {
      publisher.update([t('a', i * WINDOW, 1)]);
      scheduler.advance(250);
    }
    expect(publisher.size).toBeLessThanOrEqual(12);
  });
});
