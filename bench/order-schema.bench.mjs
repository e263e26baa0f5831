// Order-line parse throughput: @coffee/order-schema parseOrderLine vs bare JSON.parse of the same
// 200k generated lines, side by side in one run. Needs the built lib: `npx nx build order-schema`.
import schema from '@coffee/order-schema';
import { TextDecoder, TextEncoder } from 'node:util';
import orderSchemaTesting from '@coffee/order-schema/testing';
import { report } from './lib/report.mjs';

const { parseOrderLine, serializeOrder, BRANCHES, COFFEE_NAMES, PAYMENT_METHODS, AGE_GRADES } = schema;

const LINES = 200_000;
const ROUNDS = 7;
const TARGET = 0.6;

// Seeded, so every run parses the same lines.
const random = orderSchemaTesting.seededRandom(20141001);
const pick = (items) => items[Math.floor(random() * items.length)];

// The mix the collector sees: original Python-style lines (no timestamp) and generator lines with
// an epoch-ms timestamp, half each.
const lines = [];
for (let i = 0; i < LINES; i++) {
  const order = { branch: pick(BRANCHES), orders: Array.from({ length: 1 + Math.floor(random() * 10) }, () => pick(COFFEE_NAMES)), paymentMethod: pick(PAYMENT_METHODS), customerAgeGrade: pick(AGE_GRADES) };
  if (i % 2 === 0) {
    lines.push(JSON.stringify(order, null, 0).replaceAll('","', '", "').replaceAll('":', '": ').replaceAll('],"', '], "'));
  } else {
    lines.push(serializeOrder({ ...order, timestamp: 1412123415250 + i * 250 }));
  }
}
for (const line of lines.slice(0, 4)) {
  if (!parseOrderLine(line).ok) {
    throw new Error(`bench line does not parse: ${line}`);
  }
}

const encoder = new TextEncoder();
const byteLines = lines.map((line) => encoder.encode(line));
const decoder = new TextDecoder('utf-8', { fatal: true });

// Every loop touches the result so neither can be optimised away.
function runJsonParse() {
  let cups = 0;
  for (let i = 0; i < lines.length; i++) {
    cups += JSON.parse(lines[i]).orders.length;
  }
  return cups;
}
function runParseOrderLine() {
  let cups = 0;
  for (let i = 0; i < lines.length; i++) {
    const r = parseOrderLine(lines[i]);
    if (r.ok) {
      cups += r.order.orders.length;
    }
  }
  return cups;
}
function runJsonParseBytes() {
  let cups = 0;
  for (let i = 0; i < byteLines.length; i++) {
    cups += JSON.parse(decoder.decode(byteLines[i])).orders.length;
  }
  return cups;
}
function runParseOrderLineBytes() {
  let cups = 0;
  for (let i = 0; i < byteLines.length; i++) {
    const r = parseOrderLine(byteLines[i]);
    if (r.ok) {
      cups += r.order.orders.length;
    }
  }
  return cups;
}
function linesPerSecond(fn) {
  const start = process.hrtime.bigint();
  const cups = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rate: lines.length / seconds, cups };
}

const RUNS = { json: runJsonParse, schema: runParseOrderLine, jsonBytes: runJsonParseBytes, schemaBytes: runParseOrderLineBytes };
const rates = { json: [], schema: [], jsonBytes: [], schemaBytes: [] };
const fmt = (n) => Math.round(n).toLocaleString('en-US');
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so neither always runs on a warmer heap.
  const order = round % 2 === 0 ? ['json', 'schema', 'jsonBytes', 'schemaBytes'] : ['schemaBytes', 'jsonBytes', 'schema', 'json'];
  for (const which of order) {
    rates[which].push(linesPerSecond(RUNS[which]).rate);
  }
  console.log(
    `round ${round + 1}: text JSON.parse ${fmt(rates.json[round])} / parseOrderLine ${fmt(rates.schema[round])} lines/s; ` +
      `bytes decode+JSON.parse ${fmt(rates.jsonBytes[round])} / parseOrderLine ${fmt(rates.schemaBytes[round])} lines/s`,
  );
}
// Median of the rounds after the first (warm-up).
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(rates).map(([k, xs]) => [k, median(xs.slice(1))]));
const ratio = m.schema / m.json;
const bytesRatio = m.schemaBytes / m.jsonBytes;
report(
  'order-schema',
  [
    {
      metric: 'order line parse throughput, string lines (1 core)',
      value: m.schema,
      unit: 'lines/s',
      baseline: m.json,
      baselineName: 'bare JSON.parse',
      target: `>= ${TARGET * 100}% of bare JSON.parse`,
      met: ratio >= TARGET,
    },
    {
      metric: 'order line parse throughput, UTF-8 byte lines (1 core)',
      value: m.schemaBytes,
      unit: 'lines/s',
      baseline: m.jsonBytes,
      baselineName: 'TextDecoder + bare JSON.parse',
      target: `>= ${TARGET * 100}% of decode + JSON.parse`,
      met: bytesRatio >= TARGET,
    },
  ],
  { lines: LINES, rounds: ROUNDS, statistic: 'median of rounds 2..n' },
);
console.log(`ratio ${(ratio * 100).toFixed(1)}% of bare JSON.parse (target >= ${TARGET * 100}%); bytes ${(bytesRatio * 100).toFixed(1)}%`);
