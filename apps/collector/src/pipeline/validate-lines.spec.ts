// Covers batch validation as run inline or in a worker: line framing by end offsets, stamping, rejections with index and raw text.
import { validateLines } from './validate-lines';

function request(lines: (string | Buffer)[], receivedAt = 7) {
  const parts = lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l));
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => {
    at += p.length;
    ends[i] = at;
  });
  return { bytes: new Uint8Array(Buffer.concat(parts)), ends, receivedAt, maxLineBytes: 200 };
}

const order = '{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';

describe('validateLines', () => {
  it('validates each framed line, stamping orders without a time', () => {
    const result = validateLines(request([order, 'nope', order.replace('}', ',"timestamp":5}'), Buffer.from([0xc3]), 'x'.repeat(201)]));
    expect(result.lines).toEqual([order.replace('}', ',"timestamp":7}'), order.replace('}', ',"timestamp":5}')]);
    expect(result.rejected.map((r) => [r.index, r.code, r.raw.length])).toEqual([
      [1, 'INVALID_JSON', 4],
      [3, 'INVALID_UTF8', 1],
      [4, 'LINE_TOO_LONG', 201],
    ]);
  });

  it('handles an empty batch', () => {
    expect(validateLines(request([]))).toEqual({ lines: [], rejected: [] });
  });
});
