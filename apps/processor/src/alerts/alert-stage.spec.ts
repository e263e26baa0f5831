// Covers AlertStage with in-memory ports: a closed window waits until the group acknowledged what was delivered before it, gaps are caught up, the queue is bounded.
import { parseAlertRules, type AlertEvent } from '@coffee/aggregation';
import { Registry } from 'prom-client';
import { AlertMetrics } from './alert.metrics';
import { AlertStage, compareIds, type AlertStageDeps } from './alert-stage';

const SIZE = 30_000;
/** Start of the first stored window the fake reader reports. */
const first: { start: number | undefined } = { start: undefined };
const logger = { log: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

function harness(overrides: Partial<AlertStageDeps> = {}): { stage: AlertStage; read: number[]; progress: { delivered: string; pending: string | undefined }; metrics: AlertMetrics } {
  const read: number[] = [];
  const progress = { delivered: '10-0', pending: '5-0' as string | undefined };
  const metrics = new AlertMetrics(new Registry());
  const stage = new AlertStage({
    rules: parseAlertRules({}),
    windowSizeMs: SIZE,
    datestring: String,
    reader: {
      read: (start) => {
        read.push(start / SIZE);
        return Promise.resolve({ chain: { branch: '*', counts: [1] }, branches: [] });
      },
      firstWindow: () => Promise.resolve(first.start),
    },
    writer: { write: (events: readonly AlertEvent[]) => Promise.resolve([...events]) },
    progress: { lastDelivered: () => Promise.resolve(progress.delivered), oldestPending: () => Promise.resolve(progress.pending) },
    onWritten: () => undefined,
    metrics,
    logger,
    maxCatchUpWindows: 5,
    maxQueuedWindows: 3,
    checkIntervalMs: 60_000,
    ...overrides,
  });
  return { stage, read, progress, metrics };
}

describe('AlertStage', () => {
  it('evaluates a closed window only once every entry delivered before the close is acknowledged', async () => {
    const { stage, read, progress } = harness();
    stage.closed([{ branch: '*', start: 100 * SIZE }]);
    await stage.check();
    expect(read).toEqual([]);
    progress.pending = '10-0';
    await stage.check();
    expect(read).toEqual([]);
    progress.pending = '10-1';
    progress.delivered = '20-0';
    await stage.check();
    expect(read).toEqual([100]);
    expect(stage.pending).toBe(0);
    await stage.stop();
  });

  it('catches up the windows between two closes, at most maxCatchUpWindows, and never evaluates one twice', async () => {
    const { stage, read, progress, metrics } = harness();
    progress.pending = undefined;
    stage.closed([{ branch: 'a', start: 100 * SIZE }]);
    await stage.check();
    stage.closed([{ branch: 'a', start: 103 * SIZE }, { branch: '*', start: 102 * SIZE }]);
    await stage.check();
    stage.closed([{ branch: 'a', start: 101 * SIZE }]);
    await stage.check();
    stage.closed([{ branch: 'a', start: 120 * SIZE }]);
    await stage.check();
    expect(read).toEqual([100, 101, 102, 103, 116, 117, 118, 119, 120]);
    expect((await metrics.skippedWindows.get()).values.find((v) => v.labels.reason === 'gap')?.value).toBe(12);
    await stage.stop();
  });

  it('starts its first evaluation at the first stored window (within the catch-up limit)', async () => {
    first.start = 98 * SIZE;
    const { stage, read, progress } = harness();
    progress.pending = undefined;
    stage.closed([{ branch: 'a', start: 100 * SIZE }]);
    await stage.check();
    first.start = undefined;
    expect(read).toEqual([98, 99, 100]);
    await stage.stop();
  });

  it('holds at most maxQueuedWindows waiting windows, dropping the oldest', async () => {
    const { stage, read, progress, metrics } = harness();
    for (let i = 0; i < 5; i++) {
      stage.closed([{ branch: 'a', start: (100 + i * 10) * SIZE }]);
    }
    expect(stage.pending).toBe(3);
    expect((await metrics.skippedWindows.get()).values.find((v) => v.labels.reason === 'queue-full')?.value).toBe(2);
    progress.pending = undefined;
    await stage.check();
    expect(read[0]).toBe(120);
    await stage.stop();
  });

  it('survives a failing read and retries it', async () => {
    let fail = true;
    const { stage, read, progress } = harness({
      reader: {
        read: (start) => {
          if (fail) {
            fail = false;
            return Promise.reject(new Error('redis down'));
          }
          read.push(start / SIZE);
          return Promise.resolve({ chain: { branch: '*', counts: [1] }, branches: [] });
        },
        firstWindow: () => Promise.resolve(undefined),
      },
    });
    progress.pending = undefined;
    stage.closed([{ branch: 'a', start: 7 * SIZE }]);
    await stage.check();
    await stage.check();
    expect(read).toEqual([7]);
    await stage.stop();
  });

  it.each([
    ['1-0', '2-0', -1],
    ['10-0', '9-5', 1],
    ['3-2', '3-10', -8],
    ['4-4', '4-4', 0],
  ])('compareIds(%s, %s)', (a, b, sign) => {
    expect(Math.sign(compareIds(a, b))).toBe(Math.sign(sign));
  });
});
