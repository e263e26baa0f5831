// Covers --scenario: parsing (table), the incidents on event time, determinism, and the truth's alert list.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from './generator-cli';
import { parseScenarios } from './scenario';

async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, { stdout: new PassThrough(), stderr: { write: (t: string) => (stderr += t) }, env: {}, signal: new AbortController().signal });
  return { code, stderr };
}

// Runs the CLI in-process over 30 minutes of event time: give a loaded machine room.
jest.setTimeout(30_000);

describe('parseScenarios', () => {
  it('reads each kind with its defaults', () => {
    expect(parseScenarios('silent:sunae@10m+5m, spike:jeongja@20m+1m*5,drop:migeum@90s+2m')).toEqual([
      { kind: 'silent', branch: 'sunae', atMs: 600_000, durationMs: 300_000, factor: 0 },
      { kind: 'spike', branch: 'jeongja', atMs: 1_200_000, durationMs: 60_000, factor: 5 },
      { kind: 'drop', branch: 'migeum', atMs: 90_000, durationMs: 120_000, factor: 0.2 },
    ]);
    expect(parseScenarios('')).toEqual([]);
  });

  it.each([
    ['flood:sunae@1m+1m', 'is not <silent|spike|drop>'],
    ['silent:sunae@1m', 'is not <silent|spike|drop>'],
    ['silent:sunae@1m+0s', 'the duration must be positive'],
    ['spike:sunae@1m+1m*1', 'a spike factor must be an integer 2..100'],
    ['drop:sunae@1m+1m*2', 'a drop factor must be a share between 0 and 1'],
    ['silent:sunae@1m+1m*2', 'silent takes no factor'],
  ])('rejects %s', (text, message) => {
    expect(() => parseScenarios(text)).toThrow(message);
  });
});

describe('--scenario', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'generator-scenario-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const start = Date.UTC(2014, 9, 1, 0, 30); // on a window boundary
  const run = (name: string, extra: string[] = []): Promise<{ code: number; stderr: string }> =>
    cli([
      '--rate', 'max', '--count', String(4 * 60 * 30), '--seed', '7', '--timestamps', '--start', String(start), '--interval-ms', '250',
      '--scenario', 'silent:sunae@10m+5m,spike:jeongja@20m+1m*5', '--out', join(dir, `${name}.txt`), '--truth', join(dir, `${name}.json`), ...extra,
    ]);

  it('silences and multiplies the branches on event time, and lists the alerts that must fire', async () => {
    expect((await run('a')).code).toBe(0);
    const orders = (await readFile(join(dir, 'a.txt'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { branch: string; timestamp?: number });
    const at = (order: { timestamp?: number }): number => ((order.timestamp ?? 0) - start) / 60_000;
    expect(orders.filter((o) => o.branch === 'sunae' && at(o) >= 10 && at(o) < 15)).toHaveLength(0);
    expect(orders.filter((o) => o.branch === 'sunae' && at(o) >= 15 && at(o) < 20).length).toBeGreaterThan(200);
    const spiked = orders.filter((o) => o.branch === 'jeongja' && at(o) >= 20 && at(o) < 21).length;
    const before = orders.filter((o) => o.branch === 'jeongja' && at(o) >= 19 && at(o) < 20).length;
    expect(spiked).toBeGreaterThan(3 * before);

    const truth = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { alerts: { id: string }[] };
    const window = (minutes: number): number => start + minutes * 60_000;
    expect(truth.alerts.map((alert) => alert.id)).toEqual(
      expect.arrayContaining([
        `drop:sunae:${window(10)}`,
        `silent:sunae:${window(12.5)}`,
        `silent:sunae:${window(15)}`,
        `spike:jeongja:${window(20)}`,
        `spike:jeongja:${window(21)}`,
      ]),
    );
    // Nothing else fires on the steady branches.
    expect(truth.alerts.filter((alert) => alert.id.includes(':migeum:') || alert.id.includes(':seohyeon:'))).toEqual([]);
  });

  it('is deterministic with --seed', async () => {
    await run('a');
    await run('b');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe(await readFile(join(dir, 'b.txt'), 'utf8'));
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe(await readFile(join(dir, 'b.json'), 'utf8'));
  });

  it('exits 2 on a bad scenario or rules file, and needs --timestamps', async () => {
    expect(await cli(['--scenario', 'flood:x@1m+1m', '--timestamps', '--out', join(dir, 'x.txt')])).toMatchObject({ code: 2, stderr: expect.stringContaining('--scenario') });
    expect(await cli(['--scenario', 'silent:x@1m+1m', '--out', join(dir, 'x.txt')])).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --timestamps') });
    expect((await run('c', ['--alert-rules', join(dir, 'missing.json')])).code).toBe(2);
  });
});
