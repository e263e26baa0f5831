// OrderValueInterner: tokens of canonical string values found in the checking pass, its state bound, and that a scan and a compact
// writer given one answer exactly as without it (same verdicts, byte-identical entries), also once the interner is full.
import { SAMPLE_ORDER_LINES, seededRandom } from '../testing';
import { CompactOrderWriter } from './compact-order-writer';
import { NOT_A_VALUE, NOT_INTERNED, OrderValueInterner } from './order-value-interner';
import { CanonicalOrderFields, NOT_CANONICAL, scanCanonicalOrderBytes } from './scan-canonical-order-bytes';
import { serializeOrder } from './serialize-order';

const encoder = new TextEncoder();

/** Scans the value of `text` (`<value>"...`, embedded after two bytes): [answer, closing quote index or undefined]. */
function scanValue(interner: OrderValueInterner, text: string, end = text.length + 2): [number, number | undefined] {
  const bytes = encoder.encode(`["${text}`);
  const answer = interner.scan(bytes, 2, end);
  return [answer, answer === NOT_A_VALUE ? undefined : interner.end - 2];
}

describe('OrderValueInterner', () => {
  it('gives one token per distinct value, prefixes included, and where the value closes', () => {
    const interner = new OrderValueInterner();
    const [latte, latteEnd] = scanValue(interner, 'Caffe Latte","x');
    const [caffe] = scanValue(interner, 'Caffe"');
    const [again, againEnd] = scanValue(interner, 'Caffe Latte"]');
    expect(latteEnd).toBe(11);
    expect(againEnd).toBe(11);
    expect(again).toBe(latte);
    expect(caffe).not.toBe(latte);
    expect(scanValue(interner, 'Caffe"')[0]).toBe(caffe);
    expect(scanValue(interner, 'Caffe Lattes"')[0]).not.toBe(latte);
    expect(interner.size).toBe(3);
  });

  it.each([
    ['empty', '"'],
    ['an escape', 'a\\"b"'],
    ['a control byte', 'a\tb"'],
    ['a non-ASCII byte', 'caf\u00e9"'],
    ['no closing quote', 'Americano'],
  ])('declines a value with %s, known prefix or not', (_case, text) => {
    const interner = new OrderValueInterner();
    expect(scanValue(interner, text)[0]).toBe(NOT_A_VALUE);
    scanValue(interner, 'a"');
    scanValue(interner, 'caf"');
    scanValue(interner, 'Americano"');
    expect(scanValue(interner, text)[0]).toBe(NOT_A_VALUE);
  });

  it('stops at the end it is given, even when the bytes after it continue a known value', () => {
    const interner = new OrderValueInterner();
    scanValue(interner, 'Americano"');
    expect(scanValue(interner, 'Americano"', 2 + 9)[0]).toBe(NOT_A_VALUE);
    expect(scanValue(interner, 'Americano"', 2 + 5)[0]).toBe(NOT_A_VALUE);
  });

  it.each([1, 2, 3, 4, 5, 7, 8, 9, 13])('tells a %i-byte value from every value differing from it in one byte', (length) => {
    const interner = new OrderValueInterner();
    const value = 'abcdefghijklm'.slice(0, length);
    const [token] = scanValue(interner, `${value}"`);
    for (let at = 0; at < length; at++) {
      const other = value.slice(0, at) + 'Z' + value.slice(at + 1);
      expect(scanValue(interner, `${other}"`)[0]).not.toBe(token);
    }
    expect(scanValue(interner, `${value}"`)).toEqual([token, length]);
  });

  it.each([
    ['sunae', true],
    ['all', false],
    ['alle', true],
    ['Caffe Latte', false],
    ['a:b', false],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
  ])('says whether %s is a branch name', (value, branch) => {
    const interner = new OrderValueInterner();
    const [token] = scanValue(interner, `${value}"`);
    expect(interner.isBranch(token)).toBe(branch);
  });

  it('learns no more than maxBytes bytes of values: further values are checked but not interned', () => {
    const interner = new OrderValueInterner(8);
    const [cash] = scanValue(interner, 'Cash"');
    expect(cash).toBe(0);
    // 4 + 6 > 8; 4 + 3 + 1 = 8 (`Cas`, then `C`); 8 + 2 > 8.
    expect(scanValue(interner, 'Credit"')).toEqual([NOT_INTERNED, 6]);
    expect(scanValue(interner, 'Cas"')[0]).toBe(1);
    expect(scanValue(interner, 'Cash"')[0]).toBe(cash);
    expect(scanValue(interner, 'Credit\\"')[0]).toBe(NOT_A_VALUE);
    expect(scanValue(interner, 'C"')[0]).toBe(2);
    expect(scanValue(interner, 'Cr"')[0]).toBe(NOT_INTERNED);
    expect(interner.size).toBe(3);
    expect(() => new OrderValueInterner(0)).toThrow(RangeError);
  });

  it('files at most 8 values under the same first two bytes; a ninth is checked but not interned', () => {
    const interner = new OrderValueInterner();
    const tokens = ['Ca"', 'Cappuccino"', 'Caffe Latte"', 'Caffe Mocha"', 'Cafe Breve"', 'Cash"', 'Caf"', 'Cafe"'].map((text) => scanValue(interner, text)[0]);
    expect(tokens).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(scanValue(interner, 'Cat"')).toEqual([NOT_INTERNED, 3]);
    expect(scanValue(interner, 'Caffe Mocha"')[0]).toBe(3);
    expect(scanValue(interner, 'Caffe Moch"')).toEqual([NOT_INTERNED, 10]);
    expect(scanValue(interner, 'C\u00e1ffe Latte"')[0]).toBe(NOT_A_VALUE);
  });
});

/** Random canonical lines (and some that are not) over a vocabulary of `words` values. */
function randomLines(seed: number, count: number, words: number): string[] {
  const random = seededRandom(seed);
  const word = (): string => `v${Math.floor(random() * words)}`;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = { ...SAMPLE_ORDER_LINES[i % SAMPLE_ORDER_LINES.length].order };
    if (random() < 0.5) {
      order.orders = Array.from({ length: 1 + Math.floor(random() * 6) }, word);
      order.paymentMethod = word();
      order.branch = random() < 0.05 ? 'all' : word();
    }
    let line = serializeOrder(order);
    if (random() < 0.2) {
      const at = Math.floor(random() * line.length);
      line = line.slice(0, at) + ['\\', ' ', '"', 'é', ''][Math.floor(random() * 5)] + line.slice(at + 1);
    }
    lines.push(line);
  }
  return lines;
}

describe.each([
  ['a small vocabulary, all of it learnt', 65536, 40],
  ['a large vocabulary, part of it learnt', 2048, 400],
])('scan and writer, %s', (_case, maxBytes, words) => {
  it('answer the same as with an interner that learns nothing (every value looked up by its bytes): same verdicts, byte-identical entries', () => {
    const byBytesFields = new CanonicalOrderFields(new OrderValueInterner(1));
    const interned = new CanonicalOrderFields(new OrderValueInterner(maxBytes));
    const byBytes = new CompactOrderWriter(50);
    const byToken = new CompactOrderWriter(50);
    let accepted = 0;
    for (const line of randomLines(maxBytes, 3000, words)) {
      const bytes = encoder.encode(line);
      const verdict = scanCanonicalOrderBytes(bytes, 0, bytes.length, byBytesFields);
      expect(scanCanonicalOrderBytes(bytes, 0, bytes.length, interned)).toBe(verdict);
      if (verdict !== NOT_CANONICAL) {
        byBytes.addScanned(bytes, byBytesFields, 1412123415250 + accepted);
        byToken.addScanned(bytes, interned, 1412123415250 + accepted);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(2000);
    // One byte of room: a one-byte value at most.
    expect(byBytesFields.interner.size).toBeLessThanOrEqual(1);
    expect(interned.interner.size).toBeGreaterThan(0);
    expect(byToken.finish()).toEqual(byBytes.finish());
  });
});
