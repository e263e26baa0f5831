// Small statistics helpers shared by the benchmarks.
import { readFileSync } from 'node:fs';

/** p-th percentile (0..100) of a list of numbers (nearest rank); NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) {return NaN;}
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** CPU seconds (user + system) process `pid` has used so far, from /proc (Linux); undefined where unreadable. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}
