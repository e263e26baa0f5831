// Covers runCli end to end in-process: files, stdout, determinism, truth file, help and exit codes.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseOrderLine } from '@coffee/order-schema';
import { runCli, type CliIo } from './generator-cli';
import type { TruthDocument } from './truth-accumulator';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], signal = new AbortController().signal): Promise<Captured> {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  let stderr = '';
  const io: CliIo = { stdout, stderr: { write: (t: string) => (stderr += t) }, env: {}, signal, randomSeed: () => 99 };
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr };
}

describe('runCli', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'generator-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--rate <n|max>');
    expect(r.stdout).toContain('--truth <file>');
  });

  it('exits 2 naming the flag on a bad option, writing nothing', async () => {
    const r = await cli(['--rate', 'fast', '--out', join(dir, 'o.txt')]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: "generator: --rate: must be a positive number of orders per second, 0 or max (got 'fast')\n" });
    await expect(stat(join(dir, 'o.txt'))).rejects.toThrow();
  });

  it('exits 2 naming --out when the file cannot be opened', async () => {
    const r = await cli(['--count', '1', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
  });

  it('writes identical files for the same seed (also with timestamps and a start)', async () => {
    for (const extra of [[], ['--timestamps', '--start', '2014-10-01T09:30:00+09:00', '--disorder-ms', '2000']]) {
      const [a, b] = [join(dir, `a${extra.length}.txt`), join(dir, `b${extra.length}.txt`)];
      expect((await cli(['--rate', 'max', '--count', '1000', '--seed', '7', '--out', a, ...extra])).code).toBe(0);
      expect((await cli(['--rate', 'max', '--count', '1000', '--seed', '7', '--out', b, ...extra])).code).toBe(0);
      const [x, y] = [await readFile(a), await readFile(b)];
      expect(x.equals(y)).toBe(true);
      expect(x.toString().split('\n')).toHaveLength(1001);
    }
  });

  it('keeps the seed-1 sequence stable', async () => {
    const r = await cli(['--rate', 'max', '--count', '3', '--seed', '1', '--out', '-']);
    expect(r.stdout).toBe(
      [
        '{"branch":"sunae","orders":["Flat White"],"paymentMethod":"Debit","customerAgeGrade":"9999"}',
        '{"branch":"seohyeon","orders":["Cappuccino","Caffe Latte","Americano","Flat White","Flat White","Espresso Macchiato","Caffe Latte"],"paymentMethod":"Cash","customerAgeGrade":"1020"}',
        '{"branch":"seohyeon","orders":["Caffe Latte"],"paymentMethod":"Debit","customerAgeGrade":"2030"}',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('wrote 3 orders');
  });

  it('writes a truth file that matches the lines it wrote', async () => {
    const out = join(dir, 'o.txt');
    const truthPath = join(dir, 'sub', 'truth.json');
    const r = await cli(['--rate', 'max', '--count', '3000', '--seed', '3', '--timestamps', '--start', '1412123400000', '--interval-ms', '37', '--disorder-ms', '20000', '--truth', truthPath, '--out', out, '--time-zone', 'Asia/Seoul']);
    expect(r.code).toBe(0);
    const truth = JSON.parse(await readFile(truthPath, 'utf8')) as TruthDocument;
    const orders = (await readFile(out, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => {
        const p = parseOrderLine(line);
        if (!p.ok) {
          throw new Error(p.error.message);
        }
        return p.order;
      });
    expect(truth).toMatchObject({ timeZone: 'Asia/Seoul', windowSizeSeconds: 30, orders: 3000, cups: orders.reduce((n, o) => n + o.orders.length, 0) });
    // Recount one branch's day by brute force: every order of the run falls on 2014-10-01 in Seoul.
    const payments: Record<string, number> = {};
    for (const o of orders.filter((x) => x.branch === 'jeongja')) {
      payments[o.paymentMethod] = (payments[o.paymentMethod] ?? 0) + 1;
    }
    expect(truth.hashes['jeongja:20141001:PaymentMethods']).toEqual(payments);
  });

  it('stops cleanly when signalled and exits 0', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await cli(['--rate', 'max', '--out', join(dir, 'o.txt')], controller.signal);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stopped after 0 orders');
  });
});
