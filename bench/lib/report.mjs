// Shared benchmark reporting: every benchmark writes bench/results/<name>.json in one shape and prints a table.
// A row is one figure measured side by side with its baseline in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * @typedef {object} BenchRow
 * @property {string} metric     what was measured, e.g. "pre-aggregation throughput"
 * @property {number} value      the figure for Coffee Pulse
 * @property {string} unit       e.g. "orders/s", "ms", "MiB"
 * @property {number} [baseline] the baseline's figure, measured in the same run
 * @property {string} [baselineName] what the baseline is
 * @property {string} [target]   the target, as text, e.g. ">= 3e6 orders/s"
 * @property {boolean} [met]     whether the target was met
 */

/** Returns the machine description recorded beside the figures. */
export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
}

/** Ratio of value to baseline (for throughput higher is better; for latency pass `lowerIsBetter`). */
export function ratio(value, baseline, lowerIsBetter = false) {
  if (!baseline || !value) {return undefined;}
  return lowerIsBetter ? baseline / value : value / baseline;
}

/** Writes bench/results/<name>.json and prints a readable table. */
export function report(name, rows, extra = {}) {
  const withRatio = rows.map((r) => {
    // No ratio where value or baseline is 0 and the row gives none (0 against 0 has no meaningful quotient).
    const q = r.baseline !== undefined ? (r.ratio ?? ratio(r.value, r.baseline)) : undefined;
    return { ...r, ratio: q !== undefined ? Number(q.toFixed(2)) : undefined };
  });
  mkdirSync(resultsDir, { recursive: true });
  const doc = { name, at: new Date().toISOString(), machine: machine(), rows: withRatio, ...extra };
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(doc, null, 2) + '\n');
  console.log(`\n## ${name}`);
  console.table(
    withRatio.map((r) => ({
      metric: r.metric,
      value: `${fmt(r.value)} ${r.unit}`,
      baseline: r.baseline !== undefined ? `${fmt(r.baseline)} ${r.unit} (${r.baselineName ?? 'baseline'})` : '',
      ratio: r.ratio !== undefined ? `${r.ratio}x` : '',
      target: r.target ?? '',
      met: r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    })),
  );
  return doc;
}

function fmt(n) {
  return typeof n === 'number' ? (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : Number(n.toPrecision(4)).toString()) : String(n);
}
