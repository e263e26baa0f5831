// Fuzz-style: thousands of seeded random mutations of valid lines never make parseOrderLine throw,
// always give a well-formed order or error, and the JSON error scanner agrees with JSON.parse.
import { SAMPLE_ORDER_LINES, seededRandom } from '../testing';
import { isValidBranchName } from './branch-name';
import { findJsonSyntaxError } from './json-syntax-error';
import { ORDER_ERROR_CODES, type ParseResult } from './order-parse-error';
import { parseOrderLine } from './parse-order-line';
import { serializeOrder } from './serialize-order';

const prng = seededRandom;

const SEEDS = [
  ...SAMPLE_ORDER_LINES.map((s) => s.line),
  ...SAMPLE_ORDER_LINES.map((s) => serializeOrder({ ...s.order, timestamp: 1412123415250, orderId: 'o-1' })),
  '{"branch": "sunae", "orders": ["Espresso"], "paymentMethod": "Cash", "customerAgeGrade": "2030", "timestamp": "2014-10-01T09:30:15.250+09:00"}',
];
const FIELDS = ['branch', 'orders', 'paymentMethod', 'customerAgeGrade', 'timestamp', 'orderId'];
const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\r', '\n', '\t', 'null', 'true', '-', '0', '1e9', '\u0000', 'é', '\ud800', '☕', ':*?'];
const VALUES: unknown[] = [null, true, 0, -1, 1.5, Number.MAX_VALUE, '', 'x', 'a b', [], [1], ['Espresso', 2], {}, { a: 1 }, '2014-10-01T09:30:00Z', 'x'.repeat(70)];

type Mutation = (line: string, rnd: () => number) => string | Uint8Array;
const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const at = (rnd: () => number, length: number): number => Math.floor(rnd() * (length + 1));

const MUTATIONS: Record<string, Mutation> = {
  byteFlip: (line, rnd) => {
    const bytes = new TextEncoder().encode(line);
    const flips = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < flips; k++) {
      bytes[Math.floor(rnd() * bytes.length)] ^= 1 << Math.floor(rnd() * 8);
    }
    return bytes;
  },
  randomByte: (line, rnd) => {
    const bytes = new TextEncoder().encode(line);
    bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
    return bytes;
  },
  truncate: (line, rnd) => line.slice(0, at(rnd, line.length)),
  truncateBytes: (line, rnd) => {
    const bytes = new TextEncoder().encode(line);
    return bytes.subarray(0, at(rnd, bytes.length));
  },
  insert: (line, rnd) => {
    const i = at(rnd, line.length);
    return line.slice(0, i) + pick(rnd, TOKENS) + line.slice(i);
  },
  delete: (line, rnd) => {
    const i = Math.floor(rnd() * line.length);
    return line.slice(0, i) + line.slice(i + 1 + Math.floor(rnd() * 4));
  },
  duplicate: (line, rnd) => {
    const i = Math.floor(rnd() * line.length);
    const j = Math.min(line.length, i + 1 + Math.floor(rnd() * 10));
    return line.slice(0, j) + line.slice(i, j) + line.slice(j);
  },
  typeSwap: (line, rnd) => {
    const value = JSON.parse(line) as Record<string, unknown>;
    value[pick(rnd, FIELDS)] = pick(rnd, VALUES);
    return JSON.stringify(value);
  },
  itemSwap: (line, rnd) => {
    const value = JSON.parse(line) as { orders: unknown[] };
    value.orders[Math.floor(rnd() * value.orders.length)] = pick(rnd, VALUES);
    return JSON.stringify(value);
  },
  dropField: (line, rnd) => {
    const value = JSON.parse(line) as Record<string, unknown>;
    delete value[pick(rnd, FIELDS)];
    return JSON.stringify(value);
  },
  wrap: (line, rnd) => pick(rnd, [`[${line}]`, `${line}${line}`, `"${line}"`, `${line}\r`, `\r${line}`, ` ${line} `]),
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Applies 1–3 random mutations to a random seed line. */
function mutant(rnd: () => number): string | Uint8Array {
  let current: string | Uint8Array = pick(rnd, SEEDS);
  const rounds = 1 + Math.floor(rnd() * 3);
  for (let r = 0; r < rounds; r++) {
    const text: string = typeof current === 'string' ? current : new TextDecoder().decode(current);
    try {
      current = MUTATIONS[pick(rnd, MUTATION_NAMES)](text, rnd);
    } catch {
      // A structural mutation needs valid JSON; the line is already broken, keep it.
    }
  }
  return current;
}

const ORDER_KEYS = ['branch', 'orders', 'paymentMethod', 'customerAgeGrade', 'timestamp', 'orderId'];
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/**
 * Returns what is wrong with a result (empty when it is exactly one of the two well-formed
 * shapes). Plain checks rather than `expect` per case, so thousands of cases stay fast.
 */
function problemsOf(result: ParseResult, input: string | Uint8Array): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) {
      problems.push(what);
    }
  };
  if (result.ok) {
    const { order } = result;
    check(Object.keys(result).join() === 'ok,order', 'result keys');
    check(isValidBranchName(order.branch), 'branch');
    check(Array.isArray(order.orders) && order.orders.length > 0 && order.orders.every(nonEmpty), 'orders');
    check(nonEmpty(order.paymentMethod) && nonEmpty(order.customerAgeGrade), 'paymentMethod/customerAgeGrade');
    check(!('timestamp' in order) || (Number.isSafeInteger(order.timestamp) && (order.timestamp ?? -1) >= 0), 'timestamp');
    check(!('orderId' in order) || nonEmpty(order.orderId), 'orderId');
    check(Object.keys(order).every((k) => ORDER_KEYS.includes(k)), 'order keys');
    check(JSON.stringify(parseOrderLine(serializeOrder(order))) === JSON.stringify(result), 'round trip');
    return problems;
  }
  const { error } = result;
  check((ORDER_ERROR_CODES as readonly string[]).includes(error.code), 'code');
  check(typeof error.message === 'string' && error.message.startsWith(error.code), 'message');
  check(error.field === undefined || error.message.includes(error.field), 'field in message');
  const length = typeof input === 'string' ? input.length : input.length;
  check(error.column === undefined || (Number.isInteger(error.column) && error.column >= 1 && error.column <= length + 1), 'column');
  check(Object.keys(error).every((k) => ['code', 'message', 'field', 'column'].includes(k)), 'error keys');
  return problems;
}

const show = (input: string | Uint8Array): string => JSON.stringify(typeof input === 'string' ? input : Array.from(input));

describe('parseOrderLine under random mutations', () => {
  const CASES = 6_000;

  it(`never throws and always returns an order or an error (${CASES} cases)`, () => {
    const rnd = prng(20141001);
    const seen = new Map<string, number>();
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const input = mutant(rnd);
      let result: ParseResult;
      try {
        result = parseOrderLine(input);
      } catch (e) {
        failures.push(`case ${n} threw on ${show(input)}: ${String(e)}`);
        continue;
      }
      const problems = problemsOf(result, input);
      if (problems.length > 0) {
        failures.push(`case ${n} ${show(input)} → ${JSON.stringify(result)}: ${problems.join(', ')}`);
      }
      const key = result.ok ? 'ok' : result.error.code;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(failures).toEqual([]);
    // The mutations reach every outcome but the length limit and the clock rule (tested on their own).
    expect([...seen.keys()].sort()).toEqual(['ok', ...ORDER_ERROR_CODES.filter((c) => c !== 'LINE_TOO_LONG' && c !== 'TIMESTAMP_OUT_OF_RANGE')].sort());
  });

  it('finds a syntax error exactly when JSON.parse fails', () => {
    const rnd = prng(7);
    const disagreements: string[] = [];
    for (let n = 0; n < 4_000; n++) {
      const input = mutant(rnd);
      const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      if ((findJsonSyntaxError(text) === undefined) !== valid) {
        disagreements.push(`case ${n}: ${JSON.stringify(text)} (JSON.parse ${valid ? 'accepts' : 'rejects'})`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
