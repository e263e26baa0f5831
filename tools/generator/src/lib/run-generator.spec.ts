// Covers runGenerator: count, seeding, max-rate chunking, timer pacing (fake clock), stop signal, truth.
import { parseOrderLine, type CoffeeOrder } from '@coffee/order-schema';
import type { GeneratorClock } from './generator-clock';
import { runGenerator, MIN_TICK_MS, type GenerationOptions, type OrderSink } from './run-generator';
import { TruthAccumulator } from './truth-accumulator';

class MemorySink implements OrderSink {
  readonly writes: string[] = [];
  constructor(private readonly onWrite: (n: number) => void = () => undefined) {}
  async write(chunk: Uint8Array | string): Promise<void> {
    this.writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    this.onWrite(this.writes.length);
  }
  get text(): string {
    return this.writes.join('');
  }
}

/** A clock whose sleeps pass instantly, recording what was asked. */
class FakeClock implements GeneratorClock {
  readonly sleeps: number[] = [];
  constructor(
    public t = 1_000_000,
    private readonly onSleep: (ms: number, clock: FakeClock) => void = () => undefined,
  ) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    this.onSleep(ms, this);
  }
  async yieldToEventLoop(): Promise<void> {}
}

const base: GenerationOptions = { rate: 'max', count: 100, seed: 1, timestamps: false, intervalMs: 1, disorderMs: 0 };

function parseAll(text: string): CoffeeOrder[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const r = parseOrderLine(line);
      if (!r.ok) {
        throw new Error(`bad line ${line}: ${r.error.message}`);
      }
      return r.order;
    });
}

describe('runGenerator', () => {
  it('writes exactly count whole lines in chunks at max rate', async () => {
    const sink = new MemorySink();
    const summary = await runGenerator({ ...base, count: 2_500 }, sink, { clock: new FakeClock(), chunkLines: 1_000 });
    expect(sink.writes.map((w) => w.split('\n').length - 1)).toEqual([1_000, 1_000, 500]);
    const orders = parseAll(sink.text);
    expect(orders).toHaveLength(2_500);
    expect(summary).toMatchObject({ orders: 2_500, cups: orders.reduce((n, o) => n + o.orders.length, 0), stopped: false });
  });

  it('gives byte-identical output for the same options and different output for another seed', async () => {
    const run = async (seed: number): Promise<string> => {
      const sink = new MemorySink();
      await runGenerator({ ...base, seed, count: 500, timestamps: true, start: 1412123400000, disorderMs: 700 }, sink, { clock: new FakeClock() });
      return sink.text;
    };
    const a = await run(7);
    expect(await run(7)).toBe(a);
    expect(await run(8)).not.toBe(a);
  });

  it('keeps the same orders when only the timestamp options change', async () => {
    const run = async (extra: Partial<GenerationOptions>): Promise<CoffeeOrder[]> => {
      const sink = new MemorySink();
      await runGenerator({ ...base, ...extra }, sink, { clock: new FakeClock() });
      return parseAll(sink.text).map(({ timestamp: _t, ...rest }) => rest);
    };
    expect(await run({ timestamps: true, start: 0, disorderMs: 50 })).toEqual(await run({}));
  });

  it('stamps start + i × interval, or the wall clock without a start', async () => {
    const spaced = new MemorySink();
    await runGenerator({ ...base, count: 3, timestamps: true, start: 5_000, intervalMs: 250 }, spaced, { clock: new FakeClock() });
    expect(parseAll(spaced.text).map((o) => o.timestamp)).toEqual([5_000, 5_250, 5_500]);
    const wall = new MemorySink();
    await runGenerator({ ...base, count: 3, timestamps: true }, wall, { clock: new FakeClock(42_000) });
    expect(parseAll(wall.text).map((o) => o.timestamp)).toEqual([42_000, 42_000, 42_000]);
  });

  it('paces a low rate one line per tick', async () => {
    const clock = new FakeClock();
    const sink = new MemorySink();
    const summary = await runGenerator({ ...base, rate: 4, count: 10 }, sink, { clock });
    expect(sink.writes).toHaveLength(10);
    expect(clock.sleeps).toEqual(new Array(9).fill(250));
    expect(summary.elapsedMs).toBe(9 * 250);
  });

  it('batches several lines per tick at a high rate, never sleeping under the minimum tick', async () => {
    const clock = new FakeClock();
    const sink = new MemorySink();
    await runGenerator({ ...base, rate: 10_000, count: 5_000 }, sink, { clock });
    expect(parseAll(sink.text)).toHaveLength(5_000);
    expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(MIN_TICK_MS);
    expect(sink.writes.length).toBeLessThanOrEqual(5_000 / (10_000 * (MIN_TICK_MS / 1000)) + 1);
    expect(clock.t - 1_000_000).toBeCloseTo(500, -1);
  });

  it('drops a backlog over one second instead of bursting it', async () => {
    // The process "sleeps" an hour once (a suspended laptop): at most one second's worth follows.
    const clock = new FakeClock(1_000_000, (ms, c) => {
      if (c.sleeps.length === 2) {
        c.t += 3_600_000 - ms;
      }
    });
    const sink = new MemorySink();
    await runGenerator({ ...base, rate: 100, count: 1_000 }, sink, { clock });
    expect(Math.max(...sink.writes.map((w) => w.split('\n').length - 1))).toBeLessThanOrEqual(100);
  });

  it('stops between chunks when signalled, leaving only whole lines', async () => {
    const controller = new AbortController();
    const sink = new MemorySink((writes) => writes === 3 && controller.abort());
    const summary = await runGenerator({ ...base, count: Infinity }, sink, { clock: new FakeClock(), signal: controller.signal, chunkLines: 100 });
    expect(summary).toMatchObject({ orders: 300, stopped: true });
    expect(parseAll(sink.text)).toHaveLength(300);
  });

  it('stops a paced run while it sleeps', async () => {
    const controller = new AbortController();
    const clock = new FakeClock(0, (_ms, c) => c.sleeps.length === 5 && controller.abort());
    const sink = new MemorySink();
    const summary = await runGenerator({ ...base, rate: 1, count: Infinity }, sink, { clock, signal: controller.signal });
    expect(summary).toMatchObject({ orders: 5, stopped: true });
  });

  it('counts every written order into the truth', async () => {
    const truth = new TruthAccumulator('UTC', 30);
    const sink = new MemorySink();
    const summary = await runGenerator({ ...base, count: 1_000, timestamps: true, start: 0, intervalMs: 100 }, sink, { clock: new FakeClock(), truth });
    const doc = truth.toDocument();
    expect(doc).toMatchObject({ orders: 1_000, cups: summary.cups });
    // 1000 orders 100 ms apart span 100 s: base windows 00:00:00, :30, 01:00, :30.
    expect(Object.keys(doc.hashes).filter((k) => k.startsWith('*:') && k.endsWith(':Orders') && k.split(':')[1].length === 14)).toEqual([
      '*:19700101000000:Orders',
      '*:19700101000030:Orders',
      '*:19700101000100:Orders',
      '*:19700101000130:Orders',
    ]);
  });
});
