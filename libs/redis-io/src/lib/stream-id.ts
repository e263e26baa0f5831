/** A stream id as `[milliseconds, sequence]`; `0-0` for malformed input. */
function split(id: string): [bigint, bigint] {
  const match = /^(\d+)-(\d+)$/.exec(id);
  return match === null ? [0n, 0n] : [BigInt(match[1]), BigInt(match[2])];
}

/**
 * Orders stream ids `<ms>-<seq>` numerically, like a comparator (each part any number of decimal
 * digits, leading zeros ignored; a missing part reads as 0). Without BigInt: ids are compared on every apply.
 */
export function compareStreamIds(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  const aMs = aDash === -1 ? a : a.slice(0, aDash);
  const bMs = bDash === -1 ? b : b.slice(0, bDash);
  return compareDecimal(aMs, bMs) || compareDecimal(aDash === -1 ? '' : a.slice(aDash + 1), bDash === -1 ? '' : b.slice(bDash + 1));
}

/** Orders two strings of decimal digits by value. */
function compareDecimal(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && a.charCodeAt(i) === 0x30) {
    i++;
  }
  while (j < b.length && b.charCodeAt(j) === 0x30) {
    j++;
  }
  const aLength = a.length - i;
  const bLength = b.length - j;
  if (aLength !== bLength) {
    return aLength < bLength ? -1 : 1;
  }
  for (; i < a.length; i++, j++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(j);
    if (diff !== 0) {
      return diff < 0 ? -1 : 1;
    }
  }
  return 0;
}

/** The smallest id greater than `id`. */
export function nextStreamId(id: string): string {
  const [ms, seq] = split(id);
  return seq === 0xffff_ffff_ffff_ffffn ? `${ms + 1n}-0` : `${ms}-${seq + 1n}`;
}
