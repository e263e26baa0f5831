// Small statistics helpers shared by the benchmarks.

/** p-th percentile (0..100) of a list of numbers (nearest rank); NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) {return NaN;}
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
