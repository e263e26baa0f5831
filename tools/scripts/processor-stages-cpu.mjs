#!/usr/bin/env node
// Processor per-batch stages, in-process CPU-µs per order over compact entries (no Redis): decode to columns, aggregate,
// observe, encode the apply; 1M orders (bench/processor.bench.mjs's shape), 10 entries of 500 per batch, first round
// discarded (warm-up), the next three summed. Usage: node tools/scripts/processor-stages-cpu.mjs [<built checkout>]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const require = createRequire(import.meta.url);
const root = resolve(process.argv[2] ?? '.');
const req = (p) => require(`${root}/${p}`);
const { aggregateBatch, Windowing, EventTimeTracker } = req('libs/aggregation/dist/index.js');
const { CompactOrderWriter, CompactEntryDecoder, OrderColumns } = req('libs/order-schema/dist/index.js');
const { encodeApplyBatch } = req('libs/stats-store/dist/lib/apply-batch.codec.js');
const { resolveStoreOptions } = req('libs/stats-store/dist/lib/stats-store.options.js');
const { RedisKeys } = req('libs/redis-io/dist/index.js');
const BR = ['jeongja', 'seohyeon', 'sunae', 'migeum'], CO = ['Espresso', 'Espresso Macchiato', 'Espresso con Panna', 'Caffe Latte', 'Flat White', 'Cafe Breve', 'Cappuccino', 'Caffe Mocha', 'Americano'], PA = ['Cash', 'Credit', 'Debit'], AG = ['0010', '1020', '2030', '3040', '4050', '5060', '6070', '7080', '8090', '9999'];
let s = 7; const rnd = (n) => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % n; };
const START = Date.UTC(2026, 0, 1); const N = 1_000_000;
const bodies = [];
for (let first = 0; first < N; first += 500) {
  const w = new CompactOrderWriter(500);
  for (let i = first; i < first + 500; i++) { const n = 1 + rnd(3); const cups = []; for (let c = 0; c < n; c++) {cups.push(CO[rnd(9)]);} w.addOrder({ branch: BR[rnd(4)], orders: cups, paymentMethod: PA[rnd(3)], customerAgeGrade: AG[rnd(10)], timestamp: START + i }); }
  bodies.push(Buffer.from(w.finish().bytes));
}
const windowing = new Windowing();
const options = resolveStoreOptions({ windowing });
const keys = new RedisKeys({ prefix: 'bench-one:' });
const stage = { decode: 0, aggregate: 0, observe: 0, encode: 0 };
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
for (let round = 0; round < 4; round++) {
  const decoder = new CompactEntryDecoder();
  const tracker = new EventTimeTracker(windowing);
  for (let b = 0; b < bodies.length; b += 10) {
    let t = cpu();
    const columns = new OrderColumns(5000);
    for (let e = b; e < b + 10; e++) {decoder.decodeColumns(bodies[e], 0, bodies[e].length, columns);}
    let t2 = cpu(); if (round > 0) {stage.decode += t2 - t;} t = t2;
    const delta = aggregateBatch(columns, windowing);
    t2 = cpu(); if (round > 0) {stage.aggregate += t2 - t;} t = t2;
    tracker.observe(columns, START + b * 500);
    tracker.closedWindows(START + b * 500);
    t2 = cpu(); if (round > 0) {stage.observe += t2 - t;} t = t2;
    encodeApplyBatch(delta, { stream: keys.ordersStream, group: 'processors', consumer: 'one-0', ids: Array.from({ length: 10 }, (_, i) => `${START + b}-${i}`) }, keys, options);
    t2 = cpu(); if (round > 0) {stage.encode += t2 - t;}
  }
}
const per = (us) => (us / (3 * N)).toFixed(4);
console.log(`${root}: decode ${per(stage.decode)} aggregate ${per(stage.aggregate)} observe ${per(stage.observe)} encode ${per(stage.encode)} total ${per(stage.decode + stage.aggregate + stage.observe + stage.encode)} CPU-µs/order`);
