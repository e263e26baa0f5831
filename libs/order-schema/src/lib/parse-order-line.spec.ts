// Covers parseOrderLine: the original's sample lines, every rejection code, bytes, limits and optional fields.
import { INVALID_ORDER_LINES, SAMPLE_ORDER_LINES } from '../testing';
import type { CoffeeOrder } from './coffee-order';
import { ORDER_ERROR_CODES, type OrderParseError, type ParseResult } from './order-parse-error';
import { DEFAULT_MAX_LINE_BYTES, parseOrderLine } from './parse-order-line';

function orderOf(result: ParseResult): CoffeeOrder {
  if (!result.ok) {
    throw new Error(`expected an order, got ${result.error.message}`);
  }
  return result.order;
}

function errorOf(result: ParseResult): OrderParseError {
  if (result.ok) {
    throw new Error(`expected an error, got ${JSON.stringify(result.order)}`);
  }
  return result.error;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseOrderLine', () => {
  describe('the original sample lines', () => {
    it('has nine of them', () => {
      expect(SAMPLE_ORDER_LINES).toHaveLength(9);
    });

    it.each(SAMPLE_ORDER_LINES.map((s, i) => [i + 1, s.line, s.order] as const))('parses sample line %i exactly', (_n, line, order) => {
      expect(parseOrderLine(line)).toStrictEqual({ ok: true, order });
    });

    it.each(SAMPLE_ORDER_LINES.map((s, i) => [i + 1, s.line, s.order] as const))('parses sample line %i given as UTF-8 bytes', (_n, line, order) => {
      expect(parseOrderLine(utf8(line))).toStrictEqual({ ok: true, order });
      expect(parseOrderLine(Buffer.from(`${line}\r`))).toStrictEqual({ ok: true, order });
    });
  });

  describe('rejections', () => {
    it.each(INVALID_ORDER_LINES.map((c) => [c.name, c.line, c.code, c.field] as const))('%s → %s', (_name, line, code, field) => {
      const error = errorOf(parseOrderLine(line));
      expect(error.code).toBe(code);
      expect(error.field).toBe(field);
      expect(error.message.startsWith(code)).toBe(true);
      if (field !== undefined) {
        expect(error.message).toContain(field);
      }
    });

    it('covers every code a string line can produce', () => {
      const covered = new Set(INVALID_ORDER_LINES.map((c) => c.code));
      // TIMESTAMP_OUT_OF_RANGE needs a clock: parse-order-line.rules.spec.ts.
      expect(ORDER_ERROR_CODES.filter((code) => !covered.has(code))).toEqual(['INVALID_UTF8', 'TIMESTAMP_OUT_OF_RANGE']);
    });

    it.each([
      ['{"branch": "jeongja",, "orders": []}', 22, "unexpected character ','"],
      ['{"branch": "jeongja" "orders": []}', 22, "expected ',' or '}', unexpected character '\"'"],
      ['{"branch": "jeongja", "orders": ["Americano"', 45, 'unexpected end of line'],
      ['{"branch": "jeongja", "orders": [Americano]}', 34, "unexpected character 'A'"],
      ['{"branch": "jeongja"}}', 22, 'after the JSON value'],
      ['{branch: "jeongja"}', 2, 'expected a property name in double quotes'],
      ['{"branch": "jeong\\ja"}', 19, 'invalid escape'],
      ['{"timestamp": 01}', 16, 'unexpected character'],
      ['{"timestamp": 1.}', 17, 'invalid number'],
    ])('names the column of a JSON error in %s', (line, column, reason) => {
      const error = errorOf(parseOrderLine(line));
      expect(error).toMatchObject({ code: 'INVALID_JSON', column });
      expect(error.message).toMatch(new RegExp(`^INVALID_JSON at column ${column}: `));
      expect(error.message).toContain(reason);
    });

    it('reports the first failing field when several are bad', () => {
      const error = errorOf(parseOrderLine('{"branch": "a b", "orders": []}'));
      expect(error).toMatchObject({ code: 'INVALID_BRANCH', field: 'branch' });
    });

    it('never throws on input of the wrong type', () => {
      for (const bad of [undefined, null, 42, {}, ['x']]) {
        const error = errorOf(parseOrderLine(bad as unknown as string));
        expect(error.code).toBe('INVALID_JSON');
      }
    });
  });

  describe('UTF-8', () => {
    const line = SAMPLE_ORDER_LINES[0].line;

    it.each([
      ['a lone continuation byte', [0x80]],
      ['a truncated two-byte sequence', [0xc3]],
      ['an overlong encoding of "/"', [0xc0, 0xaf]],
      ['a UTF-16 surrogate encoded as UTF-8', [0xed, 0xa0, 0x80]],
      ['a byte that never occurs in UTF-8', [0xff]],
    ])('rejects %s', (_name, bad) => {
      const bytes = utf8(line);
      const at = line.indexOf('jeongja');
      const mutated = new Uint8Array([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]);
      expect(errorOf(parseOrderLine(mutated))).toEqual({ code: 'INVALID_UTF8', message: 'INVALID_UTF8: the line is not valid UTF-8' });
    });

    it('accepts multi-byte characters and drops a byte order mark', () => {
      const korean = '{"branch": "정자", "orders": ["아메리카노", "☕"], "paymentMethod": "현금", "customerAgeGrade": "2030"}';
      const order = { branch: '정자', orders: ['아메리카노', '☕'], paymentMethod: '현금', customerAgeGrade: '2030' };
      expect(orderOf(parseOrderLine(korean))).toEqual(order);
      expect(orderOf(parseOrderLine(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(korean)])))).toEqual(order);
    });

    it('accepts bytes given as another typed-array view', () => {
      const bytes = utf8(line);
      expect(orderOf(parseOrderLine(new DataView(bytes.buffer) as unknown as Uint8Array))).toEqual(SAMPLE_ORDER_LINES[0].order);
    });
  });

  describe('line length', () => {
    const prefix = '{"branch": "jeongja", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030", "pad": "';
    const padded = (bytes: number, filler = 'x'): string => prefix + filler.repeat((bytes - prefix.length - 2) / utf8(filler).length) + '"}';

    it('accepts a line of exactly the default limit, also with a trailing \\r', () => {
      const line = padded(DEFAULT_MAX_LINE_BYTES);
      expect(utf8(line)).toHaveLength(DEFAULT_MAX_LINE_BYTES);
      expect(parseOrderLine(line).ok).toBe(true);
      expect(parseOrderLine(`${line}\r`).ok).toBe(true);
      expect(parseOrderLine(utf8(`${line}\r`)).ok).toBe(true);
    });

    it('rejects one byte more, as text and as bytes', () => {
      const line = padded(DEFAULT_MAX_LINE_BYTES + 1);
      expect(errorOf(parseOrderLine(line)).code).toBe('LINE_TOO_LONG');
      expect(errorOf(parseOrderLine(utf8(line))).message).toBe('LINE_TOO_LONG: 65537 bytes, the limit is 65536');
    });

    it('counts UTF-8 bytes, not characters', () => {
      const line = padded(1_000 - 1 + 3, '가');
      expect(utf8(line).length).toBeGreaterThan(1_000);
      expect(line.length).toBeLessThan(1_000);
      expect(errorOf(parseOrderLine(line, { maxLineBytes: 1_000 })).code).toBe('LINE_TOO_LONG');
      expect(parseOrderLine(line, { maxLineBytes: 2_000 }).ok).toBe(true);
    });

    it.each([[0], [-5], [Number.NaN]])('falls back to the default limit for maxLineBytes %p', (maxLineBytes) => {
      expect(parseOrderLine(padded(60_000), { maxLineBytes }).ok).toBe(true);
      expect(errorOf(parseOrderLine(padded(70_000), { maxLineBytes })).code).toBe('LINE_TOO_LONG');
    });

    it('has no limit with maxLineBytes Infinity', () => {
      expect(parseOrderLine(padded(200_000), { maxLineBytes: Infinity }).ok).toBe(true);
    });
  });

  describe('optional and extra fields', () => {
    const base = '"branch": "sunae", "orders": ["Espresso"], "paymentMethod": "Cash", "customerAgeGrade": "2030"';
    const order = { branch: 'sunae', orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030' };

    it.each([
      ['epoch ms', '1412123415250', 1412123415250],
      ['epoch ms with a fraction', '1412123415250.9', 1412123415250],
      ['zero', '0', 0],
      ['ISO 8601 UTC', '"2014-10-01T00:30:15.250Z"', 1412123415250],
      ['ISO 8601 with offset', '"2014-10-01T09:30:15.250+09:00"', 1412123415250],
      ['ISO 8601 with compact offset', '"2014-10-01T09:30:15.25+0900"', 1412123415250],
      ['ISO 8601 without seconds', '"2014-10-01T09:30+09:00"', 1412123400000],
      ['ISO 8601 with a space and microseconds', '"2014-10-01 00:30:15.250999z"', 1412123415250],
      ['ISO 8601 with negative offset', '"2014-09-30T20:30:15.250-04:00"', 1412123415250],
      ['ISO 8601 leap day', '"2016-02-29T00:00:00Z"', 1456704000000],
    ])('normalises a timestamp given as %s', (_name, value, timestamp) => {
      expect(orderOf(parseOrderLine(`{${base}, "timestamp": ${value}}`))).toStrictEqual({ ...order, timestamp });
    });

    it.each([
      ['string', '"A-1"', 'A-1'],
      ['number', '17', '17'],
    ])('keeps an orderId given as a %s', (_name, value, orderId) => {
      expect(orderOf(parseOrderLine(`{${base}, "orderId": ${value}}`))).toStrictEqual({ ...order, orderId });
    });

    it('treats null optional fields as absent', () => {
      expect(orderOf(parseOrderLine(`{${base}, "timestamp": null, "orderId": null}`))).toStrictEqual(order);
    });

    it('ignores unknown fields and keeps unknown vocabulary', () => {
      const line = '{"branch": "pangyo", "orders": ["Affogato"], "paymentMethod": "Voucher", "customerAgeGrade": "1015", "table": 7, "extra": {"a": [1]}}';
      expect(orderOf(parseOrderLine(line))).toStrictEqual({ branch: 'pangyo', orders: ['Affogato'], paymentMethod: 'Voucher', customerAgeGrade: '1015' });
    });

    it('accepts any white space between tokens and a trailing newline', () => {
      const line = '\t{ "branch" :"sunae" ,\n"orders":[ "Espresso" ],"paymentMethod" : "Cash","customerAgeGrade":"2030" }  \n';
      expect(orderOf(parseOrderLine(line))).toStrictEqual(order);
    });
  });
});
