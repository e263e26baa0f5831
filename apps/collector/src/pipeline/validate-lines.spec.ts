// Covers batch validation as run inline or in a worker: line framing by end offsets, stamping, rejections with index and raw text.
import { parseOrderLine } from '@coffee/order-schema';
import { decodeLines } from '../../test/support/order-lines';
import { toStreamLine, validateLines, type LineBatchRequest } from './validate-lines';

function request(lines: (string | Buffer)[], receivedAt = 7, maxLineBytes = 200): LineBatchRequest {
  const parts = lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l));
  // Lines separated by a newline, as the tailer leaves them.
  const starts = new Int32Array(parts.length);
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => {
    starts[i] = at;
    ends[i] = at + p.length;
    at = ends[i] + 1;
  });
  return { bytes: new Uint8Array(Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]))), starts, ends, receivedAt, maxLineBytes };
}

const order = '{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';

describe('validateLines', () => {
  it('validates each framed line, stamping orders without a time', () => {
    const result = validateLines(request([order, 'nope', order.replace('}', ',"timestamp":5}'), Buffer.from([0xc3]), 'x'.repeat(201)]));
    expect(decodeLines(result.lines)).toEqual([order.replace('}', ',"timestamp":7}'), order.replace('}', ',"timestamp":5}')]);
    expect(result.rejected.map((r) => [r.index, r.code, r.raw.length])).toEqual([
      [1, 'INVALID_JSON', 4],
      [3, 'INVALID_UTF8', 1],
      [4, 'LINE_TOO_LONG', 201],
    ]);
  });

  it('writes into a spare buffer when it is large enough, else into a new one', () => {
    const spare = new ArrayBuffer(4096);
    const into = validateLines(request([order, order]), spare);
    expect(into.lines.bytes.buffer).toBe(spare);
    expect(decodeLines(into.lines)).toEqual([order.replace('}', ',"timestamp":7}'), order.replace('}', ',"timestamp":7}')]);
    const small = new ArrayBuffer(16);
    const fresh = validateLines(request([order]), small);
    expect(fresh.lines.bytes.buffer).not.toBe(small);
    expect(decodeLines(fresh.lines)).toEqual([order.replace('}', ',"timestamp":7}')]);
  });

  it('handles an empty batch', () => {
    const result = validateLines(request([]));
    expect([result.lines.bytes.length, result.lines.ends.length, result.rejected]).toEqual([0, 0, []]);
  });

  it('gives what validating line by line from bytes gives, whatever the batch holds', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const korean = '{"branch":"정자","orders":["카페 라떼","🍵"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';
    const lines: (string | Buffer)[] = [];
    for (let i = 0; i < 1500; i++) {
      lines.push(
        [
          order,
          korean,
          order.replace('}', `,"timestamp":${i},"orderId":"o-${i}"}`),
          order.replace('}', `,"orderId":${i}}`),
          ` ${order}`,
          `${order}\r`,
          '',
          '\r',
          'nope',
          Buffer.concat([bom, Buffer.from(order)]),
          Buffer.concat([bom, Buffer.from(korean)]),
          bom,
          Buffer.concat([bom, Buffer.from(`${'x'.repeat(197)}`)]),
          `${'y'.repeat(198)}정`,
          order.replace('Cash', 'Ca\\"sh'),
        ][i % 15],
      );
      if (i === 400 || i === 1200) {
        lines.push(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]));
      }
    }
    const req = request(lines, 1767225600123, 200);
    const expected = { lines: [] as string[], rejected: [] as { index: number; code: string; message: string; raw: string; rawBytes: number }[] };
    req.ends.forEach((end, index) => {
      const line = req.bytes.subarray(req.starts[index], end);
      const parsed = parseOrderLine(line, { maxLineBytes: 200 });
      if (parsed.ok) {
        expected.lines.push(toStreamLine(parsed.order, 1767225600123));
      } else {
        expected.rejected.push({ index, code: parsed.error.code, message: parsed.error.message, raw: Buffer.from(line).toString('utf8'), rawBytes: line.length });
      }
    });
    expect(req.bytes.length).toBeGreaterThan(3 * 32 * 1024);
    expect(new Set(expected.rejected.map((r) => r.code))).toEqual(new Set(['INVALID_JSON', 'EMPTY_LINE', 'INVALID_UTF8', 'LINE_TOO_LONG']));
    const result = validateLines(req);
    expect({ lines: decodeLines(result.lines), rejected: result.rejected }).toEqual(expected);
    expect(result.accepted).toBe(expected.lines.length);
    // Compact entries (the default) of at most 500 orders, and JSON lines on request, hold the same orders.
    const sizes = Array.from({ length: Math.ceil(expected.lines.length / 500) }, (_, i) => Math.min(500, expected.lines.length - i * 500));
    expect(sizes.length).toBeGreaterThan(1);
    expect('format' in result.lines && Array.from(result.lines.counts)).toEqual(sizes);
    const json = validateLines({ ...req, entryFormat: 'json' });
    expect('format' in json.lines).toBe(false);
    expect({ lines: decodeLines(json.lines), rejected: json.rejected, accepted: json.accepted }).toEqual({ ...expected, accepted: expected.lines.length });
    expect(json.lines.bytes.length).toBeGreaterThan(5 * result.lines.bytes.length);
  });
});
