// Covers ServiceHealth's readiness rule and readyReport, the one /health/ready answer of every service.
import { Registry } from 'prom-client';
import { createServiceHealth, readyReport, ServiceHealth } from './service-health';

describe('readyReport', () => {
  let now = 0;
  const health = (): ServiceHealth => new ServiceHealth({ failingAfterMs: 5_000, now: () => now, retry: { now: () => now } });

  it('is 200 ok while Redis answers and no loop fails', () => {
    expect(readyReport(true, health())).toEqual({ httpStatus: 200, report: { status: 'ok', redis: 'up' } });
  });

  it('is 503 redis down when Redis does not answer, whatever the loops', () => {
    expect(readyReport(false, health())).toEqual({ httpStatus: 503, report: { status: 'error', redis: 'down', reason: 'Redis does not answer PING' } });
  });

  it('is 503 with the loop, its failures and cause once a loop has failed longer than the limit, and 200 again after a success', () => {
    now = 1_000;
    const h = health();
    const commits = h.tracker('commit of /data/orders.txt');
    commits.failure(new Error('OOM command not allowed when used memory > maxmemory'));
    now = 5_999;
    expect(readyReport(true, h).httpStatus).toBe(200);
    now = 6_001;
    const { httpStatus, report } = readyReport(true, h);
    expect(httpStatus).toBe(503);
    expect(report.redis).toBe('up');
    expect(report.reason).toContain('commit of /data/orders.txt');
    expect(report.reason).toContain('OOM command not allowed');
    commits.success();
    expect(readyReport(true, h).httpStatus).toBe(200);
  });
});

describe('createServiceHealth', () => {
  it('registers the failures gauge of every loop on the given registry', async () => {
    const registry = new Registry();
    const h = createServiceHealth({}, registry);
    h.tracker('apply').failure(new Error('boom'));
    expect(await registry.metrics()).toContain('coffee_retry_consecutive_failures{loop="apply"} 1');
  });
});
