// Covers the built collector as a real process: 50k lines appended in bursts while it is SIGKILLed 10 times and restarted; the stream ends up with every line exactly once, in file order.
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ids, orderLines } from './support/order-lines';
import { streamOrderIds } from './support/stream-reader';
import { CollectorChaosRun, pause } from './support/collector-chaos-run';

const LINES = 50_000;
const BURSTS = 100;
const KILLS = 10;

jest.setTimeout(240_000);

describe('collector under SIGKILL (built app)', () => {
  let run: CollectorChaosRun;
  let file: string;

  beforeAll(async () => {
    run = await CollectorChaosRun.create({
      buildDir: 'collector-chaos-build',
      tmpName: 'collector-chaos-',
      env: (dir) => {
        file = join(dir, 'CoffeeOrders.txt');
        writeFileSync(file, '');
        return { ORDERS_FILES: file, BATCH_SIZE: '500' };
      },
    });
  });

  afterAll(async () => {
    await run?.close();
  });

  it('stores every line exactly once, in file order', async () => {
    run.startCollector();
    const perBurst = LINES / BURSTS;
    const writer = (async () => {
      for (let burst = 0; burst < BURSTS; burst++) {
        appendFileSync(file, orderLines(burst * perBurst, perBurst));
        await pause(60);
      }
    })();
    for (let k = 0; k < KILLS; k++) {
      await run.killAfter(150 + Math.floor(Math.random() * 900));
    }
    await writer;

    await run.eventually(
      async () => {
        const stored = await run.redis.hget(run.keys.collectorOffsets, file);
        expect(stored === null ? -1 : (JSON.parse(stored) as { offset: number }).offset).toBe(statSync(file).size);
      },
      'not everything committed',
    );
    const stored = await streamOrderIds(run.redis, run.keys);
    expect(stored.length).toBe(LINES);
    expect(stored).toEqual(ids(0, LINES));

    // And a SIGTERM ends it cleanly.
    expect(await run.stopCollector()).toBe(0);
  });
});
