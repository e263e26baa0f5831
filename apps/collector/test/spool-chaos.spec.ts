// Covers the built collector's spooling-directory source as a real process: 200 files of 250 lines dropped (written as .tmp, then renamed) while it is SIGKILLed 10 times at random points and restarted; every line is stored exactly once, each file in order, and every file ends up .COMPLETED.
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectEventually } from '@coffee/testing';
import { ids, orderLines } from './support/order-lines';
import { streamOrderIds } from './support/stream-reader';
import { CollectorChaosRun, pause } from './support/collector-chaos-run';

const FILES = 200;
const PER_FILE = 250;
const KILLS = 10;

jest.setTimeout(240_000);

describe('spool source under SIGKILL (built app)', () => {
  let run: CollectorChaosRun;
  let spool: string;

  beforeAll(async () => {
    run = await CollectorChaosRun.create({
      buildDir: 'spool-chaos-build',
      tmpName: 'collector-spool-chaos-',
      env: (dir) => {
        spool = join(dir, 'spool');
        mkdirSync(spool);
        return {
          ORDERS_FILES: join(dir, 'none.txt'),
          SPOOL_DIRS: spool,
          SPOOL_SETTLE_MS: '0',
          SPOOL_POLL_MS: '20',
          BATCH_SIZE: '100',
        };
      },
    });
  });

  afterAll(async () => {
    await run?.close();
  });

  it('stores every line of every file exactly once, each file in order', async () => {
    const { redis, keys } = run;
    run.startCollector();
    const writer = (async () => {
      for (let f = 0; f < FILES; f++) {
        const name = `f${String(f).padStart(4, '0')}.log`;
        writeFileSync(join(spool, `${name}.tmp`), orderLines(0, PER_FILE, `f${f}`));
        renameSync(join(spool, `${name}.tmp`), join(spool, name));
        await pause(20);
      }
    })();
    for (let k = 0; k < KILLS; k++) {
      // Each kill lands while this run is committing: after its first new entry, at a random moment.
      const before = await redis.xlen(keys.ordersStream);
      const allDone = (): boolean => readdirSync(spool).filter((name) => name.endsWith('.COMPLETED')).length === FILES;
      await expectEventually(async () => expect((await redis.xlen(keys.ordersStream)) > before || allDone()).toBe(true), { timeoutMs: 30_000, intervalMs: 5 });
      await run.killAfter(Math.floor(Math.random() * 150));
    }
    await writer;

    await run.eventually(
      () => {
        const names = readdirSync(spool);
        expect(names.filter((name) => name.endsWith('.COMPLETED')).length).toBe(FILES);
        expect(names.length).toBe(FILES);
      },
      'not every file completed',
    );
    const stored = await streamOrderIds(redis, keys);
    expect(stored.length).toBe(FILES * PER_FILE);
    for (let f = 0; f < FILES; f++) {
      expect(stored.filter((id) => id.startsWith(`f${f}-`))).toEqual(ids(0, PER_FILE, `f${f}`));
    }
    // Positions of completed files are forgotten (a kill between rename and forget may leave one).
    expect(await redis.hlen(keys.collectorOffsets)).toBeLessThanOrEqual(KILLS);

    expect(await run.stopCollector()).toBe(0);
  });
});
