/** One drawn piece of a stacked column, in value units: series `index` from `from` to `from + size`. */
export interface StackSegment {
  index: number;
  from: number;
  size: number;
}

/**
 * The segments of one stacked column, bottom up, in value units: `values[i]` of every visible series
 * (`hidden[i]` false) with a positive value, each starting where the one below ended. Zero and hidden
 * series draw nothing and take no room.
 */
export function stackColumn(values: readonly number[], hidden: readonly boolean[]): StackSegment[] {
  const segments: StackSegment[] = [];
  let from = 0;
  values.forEach((value, index) => {
    if (hidden[index] || !(value > 0)) {
      return;
    }
    segments.push({ index, from, size: value });
    from += value;
  });
  return segments;
}
