/** A stream id as `[milliseconds, sequence]`; `0-0` for malformed input. */
function split(id: string): [bigint, bigint] {
  const match = /^(\d+)-(\d+)$/.exec(id);
  return match === null ? [0n, 0n] : [BigInt(match[1]), BigInt(match[2])];
}

/** Orders two stream ids (`<ms>-<seq>`): negative, zero or positive like a comparator. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = split(a);
  const [bm, bs] = split(b);
  if (am !== bm) {
    return am < bm ? -1 : 1;
  }
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** The smallest id greater than `id`. */
export function nextStreamId(id: string): string {
  const [ms, seq] = split(id);
  return seq === 0xffff_ffff_ffff_ffffn ? `${ms + 1n}-0` : `${ms}-${seq + 1n}`;
}
