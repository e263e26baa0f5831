// Covers the alert settings of the processor config (loadProcessorConfig → alerts): documented defaults, rules from JSON or a file,
// and start-up errors naming the variable, a bad alert variable reported in one error with the processor's other bad variables (table-driven).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ALERT_RULES } from '@coffee/aggregation';
import { loadProcessorConfig } from './processor.config';

const loadAlertsConfig = (env: Record<string, string>) => loadProcessorConfig(env).alerts;

describe('processor config: alerts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the documented defaults', () => {
    expect(loadAlertsConfig({})).toEqual({
      enabled: true,
      rules: DEFAULT_ALERT_RULES,
      streamMaxLen: 10_000,
      idTtlSeconds: 604_800,
      maxCatchUpWindows: 240,
      maxQueuedWindows: 10_000,
      checkIntervalMs: 250,
    });
  });

  it('reads rules from ALERT_RULES or ALERT_RULES_FILE, and the webhook settings', () => {
    expect(loadAlertsConfig({ ALERT_RULES: '{"silent":{"windows":4}}' }).rules.silent.windows).toBe(4);
    const file = join(dir, 'rules.json');
    writeFileSync(file, '{"spike":{"minVolume":25}}');
    expect(loadAlertsConfig({ ALERT_RULES_FILE: file }).rules.spike.minVolume).toBe(25);
    expect(loadAlertsConfig({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook', ALERT_WEBHOOK_MAX_ATTEMPTS: '3' }).webhook).toEqual({
      url: 'http://127.0.0.1:9/hook',
      queueSize: 1_000,
      maxAttempts: 3,
      baseDelayMs: 500,
      maxDelayMs: 60_000,
      timeoutMs: 5_000,
    });
  });

  it.each([
    [{ ALERT_RULES: '{nope' }, 'ALERT_RULES: not JSON'],
    [{ ALERT_RULES: '{"silent":{"windows":0}}' }, 'ALERT_RULES: silent.windows: must be an integer from 1 to 2880'],
    [{ ALERT_RULES: '{}', ALERT_RULES_FILE: '/x' }, 'ALERT_RULES, ALERT_RULES_FILE: set one, not both'],
    [{ ALERT_RULES_FILE: '/nonexistent/rules.json' }, 'ALERT_RULES_FILE: cannot read'],
    [{ ALERT_STREAM_MAXLEN: '2000000' }, 'ALERT_STREAM_MAXLEN: must be <= 1000000'],
    [{ ALERT_WEBHOOK_QUEUE: '0' }, 'ALERT_WEBHOOK_QUEUE: must be > 0'],
    [{ ALERT_WEBHOOK_URL: 'ftp://x' }, 'ALERT_WEBHOOK_URL: must be an http:// or https:// URL'],
    [{ ALERTS_ENABLED: 'maybe' }, 'ALERTS_ENABLED: must be on or off'],
  ])('rejects %j', (env, message) => {
    expect(() => loadAlertsConfig(env)).toThrow(message);
  });

  it('reports an alert problem beside the other bad variables, in one error', () => {
    expect(() => loadProcessorConfig({ ALERT_STREAM_MAXLEN: 'x', BATCH_ENTRIES: '0' })).toThrow(/BATCH_ENTRIES[\s\S]*ALERT_STREAM_MAXLEN|ALERT_STREAM_MAXLEN[\s\S]*BATCH_ENTRIES/);
  });
});
