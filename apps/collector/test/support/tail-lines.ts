// Test support: the lines of a TailLines as plain records, in file order.
import type { TailLines } from '../../src/pipeline/tail-lines';

export interface ListedLine {
  offset: number;
  /** The line's text; only its head when tooLong. */
  text: string;
  length: number;
  tooLong: boolean;
}

export function listLines(lines: TailLines): ListedLine[] {
  const listed: ListedLine[] = [];
  for (let i = 0; i < lines.count; i++) {
    const text = Buffer.from(lines.bytes.subarray(lines.starts[i], lines.ends[i])).toString('utf8');
    listed.push({ offset: lines.offsets[i], text, length: lines.ends[i] - lines.starts[i], tooLong: false });
  }
  for (const line of lines.tooLong) {
    listed.push({ offset: line.offset, text: line.head.toString('utf8'), length: line.length, tooLong: true });
  }
  return listed.sort((a, b) => a.offset - b.offset);
}
