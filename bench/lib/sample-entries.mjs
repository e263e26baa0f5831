// Deterministic sample orders packed as orders-stream entry bodies, shared by the processor bench and
// tools/scripts/processor-cpu-ab.mjs, so both measure the same stream.
import { CompactOrderWriter } from '@coffee/order-schema';

const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
const COFFEES = ['Espresso', 'Espresso Macchiato', 'Espresso con Panna', 'Caffe Latte', 'Flat White', 'Cafe Breve', 'Cappuccino', 'Caffe Mocha', 'Americano'];
const PAYMENTS = ['Cash', 'Credit', 'Debit'];
const AGES = ['0010', '1020', '2030', '3040', '4050', '5060', '6070', '7080', '8090', '9999'];
const START = Date.UTC(2026, 0, 1);

/**
 * `count` orders (xorshift from `seed`: 1-3 cups, 4 branches, 9 coffees, 3 methods, 10 grades), one per
 * ms of event time from 2026-01-01, packed as entry bodies of `perEntry` orders (the entry format of
 * @coffee/redis-io, fields `n` and `o`): compact entries, or JSON lines joined by `\n` with
 * `format: 'json'`. Returns the bodies, the cups of each, and the JSON lines of the first
 * `baselineEntries` entries (for a baseline that reads lines).
 */
export function makeEntries(count, seed, { format = 'compact', perEntry = 500, baselineEntries = 0 } = {}) {
  let s = seed >>> 0 || 1;
  const rnd = (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
  const bodies = [];
  const cups = [];
  const baselineLines = [];
  for (let first = 0; first < count; first += perEntry) {
    const lines = [];
    const writer = new CompactOrderWriter(perEntry);
    const forBaseline = first < baselineEntries * perEntry;
    let entryCups = 0;
    for (let i = first; i < Math.min(first + perEntry, count); i++) {
      const n = 1 + rnd(3);
      const orders = [];
      for (let c = 0; c < n; c++) {
        orders.push(COFFEES[rnd(COFFEES.length)]);
      }
      entryCups += n;
      const order = { branch: BRANCHES[rnd(4)], orders, paymentMethod: PAYMENTS[rnd(3)], customerAgeGrade: AGES[rnd(10)], timestamp: START + i };
      if (format === 'json' || forBaseline) {
        lines.push(JSON.stringify(order));
      }
      if (format !== 'json') {
        writer.addOrder(order);
      }
    }
    if (forBaseline) {
      baselineLines.push(...lines);
    }
    bodies.push(format === 'json' ? lines.join('\n') : Buffer.from(writer.finish().bytes));
    cups.push(entryCups);
  }
  return { bodies, cups, baselineLines };
}
