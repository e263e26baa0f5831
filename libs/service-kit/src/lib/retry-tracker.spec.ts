// Covers the shared retry state: capped exponential backoff with full jitter, rate-limited cause lines, readiness and the failures gauge.
import { Registry } from 'prom-client';
import { RetryTracker } from './retry-tracker';
import { ServiceHealth } from './service-health';

function recordingLogger(): { lines: string[]; warn: (m: string) => void; log: (m: string) => void } {
  const lines: string[] = [];
  return { lines, warn: (m) => lines.push(`warn ${m}`), log: (m) => lines.push(`log ${m}`) };
}

describe('RetryTracker', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3_200],
    [7, 5_000],
    [60, 5_000],
  ])('after %i failures the wait ceiling is %i ms (capped at maxMs)', (failures, ceiling) => {
    const tracker = new RetryTracker('commit', { baseMs: 100, maxMs: 5_000, random: () => 0.999_999 });
    let delay = 0;
    for (let i = 0; i < failures; i++) {
      delay = tracker.failure(new Error('x'));
    }
    expect(tracker.ceilingMs).toBe(ceiling);
    expect(delay).toBe(ceiling - 1);
  });

  it('draws every wait uniformly below the ceiling (full jitter)', () => {
    const draws = [0, 0.5, 0.25];
    const tracker = new RetryTracker('commit', { baseMs: 100, maxMs: 5_000, random: () => draws.shift() ?? 0 });
    expect([tracker.failure('a'), tracker.failure('a'), tracker.failure('a')]).toEqual([0, 100, 100]);
  });

  it('logs the first failure and a new cause at once, the same cause at most once per interval, and the recovery', () => {
    let now = 1_000;
    const logger = recordingLogger();
    const tracker = new RetryTracker('commit of f', { logIntervalMs: 10_000, logger, now: () => now });
    const oom = Object.assign(new Error('command not allowed when used memory > maxmemory'), { code: 'OOM' });
    for (let i = 0; i < 50; i++) {
      tracker.failure(oom);
      now += 100;
    }
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('OOM: command not allowed');
    now += 10_000;
    tracker.failure(oom);
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[1]).toContain('49 more failures since the last line');
    tracker.failure(new Error('WRONGTYPE'));
    expect(logger.lines).toHaveLength(3);
    expect(tracker.consecutiveFailures).toBe(52);
    expect(tracker.failingSince).toBe(1_000);
    tracker.success();
    expect(logger.lines[3]).toMatch(/^log commit of f recovered after 52 failures/);
    expect([tracker.consecutiveFailures, tracker.failingSince, tracker.cause]).toEqual([0, null, null]);
  });
});

describe('ServiceHealth', () => {
  it('is ready until a loop has failed for longer than failingAfterMs, naming the loop and the cause', () => {
    let now = 0;
    const health = new ServiceHealth({ failingAfterMs: 5_000, now: () => now, retry: { now: () => now } });
    const commit = health.tracker('commit of orders.txt');
    health.tracker('legacy list');
    commit.failure(Object.assign(new Error('no'), { code: 'OOM' }));
    now = 5_000;
    expect(health.readiness()).toEqual({ ready: true });
    now = 5_001;
    const readiness = health.readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.ready ? '' : readiness.reason).toBe('commit of orders.txt failing for 5 s (1 attempts): OOM: no');
    commit.success();
    expect(health.readiness()).toEqual({ ready: true });
  });

  it('exposes the consecutive failures per loop as a gauge', async () => {
    const registry = new Registry();
    const health = new ServiceHealth({ failingAfterMs: 1 });
    health.register(registry);
    const loop = health.tracker('apply');
    loop.failure('x');
    loop.failure('x');
    expect(await registry.metrics()).toContain('coffee_retry_consecutive_failures{loop="apply"} 2');
    health.forget(loop);
    expect(await registry.metrics()).not.toContain('loop="apply"');
  });
});
