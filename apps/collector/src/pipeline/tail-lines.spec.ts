// Covers TailLines: spans copied back to back, growth past its first buffer and 1,024 lines, and reuse of recycled buffers.
import { listLines } from '../../test/support/tail-lines';
import { recycleTailBuffer, TailLines } from './tail-lines';

describe('TailLines', () => {
  it('keeps every line across growth of its bytes and line arrays', () => {
    const lines = new TailLines();
    const texts: string[] = [];
    let offset = 0;
    for (let i = 0; i < 3000; i++) {
      const text = `line-${i}-${'x'.repeat(i % 300)}`;
      texts.push(text);
      const span = Buffer.from(`${text}\n`);
      const at = lines.copySpan(span, 0, span.length);
      lines.addLine(at, at + text.length, offset);
      offset += span.length;
    }
    expect(lines.byteLength).toBeGreaterThan(256 * 1024);
    expect(lines.size).toBe(3000);
    expect(listLines(lines).map((l) => l.text)).toEqual(texts);
    expect(listLines(lines)[2999].offset).toBe(offset - texts[2999].length - 1);
  });

  it('writes into a recycled buffer, and refuses ones too small to be worth keeping', () => {
    const big = new ArrayBuffer(256 * 1024);
    recycleTailBuffer(new ArrayBuffer(100));
    recycleTailBuffer(big);
    const lines = new TailLines();
    expect(lines.bytes.buffer).toBe(big);
    expect(new TailLines().bytes.buffer).not.toBe(big);
  });
});
