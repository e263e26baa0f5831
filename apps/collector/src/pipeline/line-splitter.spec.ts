// Covers byte-exact line splitting: LF and CRLF endings, blank lines, partial tails, multi-byte text, over-long lines.
import { listLines } from '../../test/support/tail-lines';
import { splitLines, TOO_LONG_HEAD_BYTES } from './line-splitter';
import { TailLines } from './tail-lines';

function split(text: string | Buffer, options: { base?: number; maxLines?: number; maxLineBytes?: number } = {}) {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const out = new TailLines();
  const result = splitLines(buf, 0, options.base ?? 0, options.maxLines ?? Infinity, options.maxLineBytes ?? 1000, out);
  return { ...result, lines: listLines(out) };
}

describe('splitLines', () => {
  it.each([
    ['LF lines', 'a\nbb\n', [['a', 0], ['bb', 2]], 5],
    ['CRLF lines lose their \\r', 'a\r\nbb\r\n', [['a', 0], ['bb', 3]], 7],
    ['partial last line is left', 'a\nbb', [['a', 0]], 2],
    ['no newline at all', 'abc', [], 0],
    ['lone \\r inside a line stays', 'a\rb\n', [['a\rb', 0]], 4],
    ['multi-byte characters keep byte offsets', 'é€\n😀x\n', [['é€', 0], ['😀x', 6]], 12],
  ])('%s', (_name, text, expected, next) => {
    const result = split(text);
    expect(result.lines.map((l) => [l.text, l.offset])).toEqual(expected);
    expect(result.next).toBe(next);
  });

  it('skips and counts blank lines (empty, spaces, tabs, CR only)', () => {
    const result = split('\n \t\n\r\na\n\n');
    expect(result.lines.map((l) => l.text)).toEqual(['a']);
    expect(result.lines[0].offset).toBe(6);
    expect(result.blank).toBe(4);
    expect(result.next).toBe(9);
  });

  it('adds the base offset', () => {
    expect(split('x\ny\n', { base: 1000 }).lines.map((l) => l.offset)).toEqual([1000, 1002]);
  });

  it('stops after maxLines, leaving the rest', () => {
    const result = split('a\nb\nc\n', { maxLines: 2 });
    expect(result.lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(result.next).toBe(4);
  });

  it('marks lines over the limit and keeps only their head', () => {
    const long = 'x'.repeat(TOO_LONG_HEAD_BYTES + 500);
    const result = split(`${long}\nok\n`, { maxLineBytes: 100 });
    expect(result.lines[0]).toMatchObject({ offset: 0, length: long.length, tooLong: true });
    expect(result.lines[0].text).toHaveLength(TOO_LONG_HEAD_BYTES);
    expect(result.lines[1]).toMatchObject({ text: 'ok', tooLong: false, offset: long.length + 1 });
  });

  it('keeps the lines of several splits into one buffer apart from the too-long ones', () => {
    const out = new TailLines();
    splitLines(Buffer.from('skip\na\r\n'), 5, 100, Infinity, 3, out);
    splitLines(Buffer.from('toolong\n\nbc\n'), 0, 108, Infinity, 3, out);
    expect(listLines(out).map((l) => [l.offset, l.text, l.tooLong])).toEqual([
      [105, 'a', false],
      [108, 'toolong', true],
      [117, 'bc', false],
    ]);
    expect(out.size).toBe(3);
  });

  it('counts the limit without the \\r of CRLF', () => {
    expect(split('abcd\r\n', { maxLineBytes: 4 }).lines[0].tooLong).toBe(false);
    expect(split('abcde\r\n', { maxLineBytes: 4 }).lines[0].tooLong).toBe(true);
  });
});
