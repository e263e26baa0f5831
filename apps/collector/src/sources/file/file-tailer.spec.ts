// Covers FileTailer on real files: partial lines, CRLF offsets, waiting for a file, rename and copy-truncate rotation, resuming, start at end, over-long lines.
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLines } from '../../../test/support/tail-lines';
import { FileTailer } from './file-tailer';
import type { TailChunk } from '../../pipeline/order-source';
import type { FileTailerOptions, TailEvent } from './tail.types';

interface Read {
  text: string;
  offset: number;
  fileId: string;
  tooLong: boolean;
}

describe('FileTailer', () => {
  let dir: string;
  let file: string;
  const tailers: FileTailer[] = [];
  let events: TailEvent[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'collector-tail-'));
    file = join(dir, 'orders.txt');
    events = [];
  });
  afterEach(async () => {
    await Promise.all(tailers.splice(0).map((t) => t.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function tailer(options: Partial<FileTailerOptions> = {}): FileTailer {
    const t = new FileTailer(file, { maxLineBytes: 1000, pollIntervalMs: 20, rotationGraceMs: 60, onEvent: (e) => events.push(e), ...options });
    tailers.push(t);
    return t;
  }

  /** Reads until `count` lines came back (each read() call blocks until there is something). */
  async function take(t: FileTailer, count: number, chunks: TailChunk[] = []): Promise<Read[]> {
    const out: Read[] = [];
    const deadline = Date.now() + 5_000;
    while (out.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`only ${out.length} of ${count} lines arrived: ${JSON.stringify(out)}`);
      }
      const chunk = await t.read(count - out.length);
      chunks.push(chunk);
      for (const line of listLines(chunk.lines)) {
        out.push({ text: line.text, offset: line.offset, fileId: chunk.fileId, tooLong: line.tooLong });
      }
    }
    return out;
  }

  it('reads complete lines and holds a partial one until its newline arrives', async () => {
    writeFileSync(file, 'one\ntwo\nthr');
    const t = tailer();
    await t.seek(null, 'beginning');
    expect((await take(t, 2)).map((l) => [l.text, l.offset])).toEqual([['one', 0], ['two', 4]]);
    const pending = take(t, 1);
    appendFileSync(file, 'ee\r\n');
    expect(await pending).toMatchObject([{ text: 'three', offset: 8 }]);
    const chunkAfter = await Promise.race([t.read(1, 0), new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
    expect(chunkAfter).toBeNull();
  });

  it('keeps a partial line intact while the file ends in it over many polls, with small read buffers', async () => {
    // Small buffers, so the pending partial line moves between them; it must never be read from a recycled one.
    const lines = Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(65 + i)}${'x'.repeat(20 + i * 5)}`);
    writeFileSync(file, '');
    const t = tailer({ chunkBytes: 16, maxLineBytes: 100, pollIntervalMs: 5 });
    await t.seek(null, 'beginning');
    const reading = take(t, lines.length);
    for (const line of lines) {
      for (let at = 0; at < line.length; at += 7) {
        appendFileSync(file, line.slice(at, at + 7));
        await new Promise((resolve) => setTimeout(resolve, 12));
      }
      appendFileSync(file, '\n');
    }
    expect((await reading).map((l) => l.text)).toEqual(lines);
  });

  it('keeps a CRLF line of exactly the length limit when its \\r and \\n arrive apart', async () => {
    const line = 'y'.repeat(50);
    writeFileSync(file, line + '\r');
    const t = tailer({ chunkBytes: 8, maxLineBytes: 50, pollIntervalMs: 5 });
    await t.seek(null, 'beginning');
    const reading = take(t, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(file, '\n');
    expect(await reading).toMatchObject([{ text: line, tooLong: false }]);
  });

  it('reports exact offsets over chunk boundaries, CRLF and blank lines', async () => {
    writeFileSync(file, 'alpha\r\n\r\nbeta\n  \ngamma-delta\n');
    const t = tailer({ chunkBytes: 3 });
    await t.seek(null, 'beginning');
    const chunks: TailChunk[] = [];
    expect((await take(t, 3, chunks)).map((l) => [l.text, l.offset])).toEqual([['alpha', 0], ['beta', 9], ['gamma-delta', 17]]);
    expect(chunks.reduce((n, c) => n + c.blank, 0)).toBe(2);
    expect(chunks.at(-1)?.endOffset).toBe(29);
  });

  it('waits for a file that does not exist yet', async () => {
    const t = tailer();
    expect(await t.seek(null, 'end')).toBeNull();
    const pending = take(t, 1);
    writeFileSync(file, 'first\n');
    expect(await pending).toMatchObject([{ text: 'first', offset: 0 }]);
  });

  it('starts after the last complete line when asked for the end', async () => {
    writeFileSync(file, 'old-1\nold-2\npart');
    const t = tailer();
    expect(await t.seek(null, 'end')).toMatchObject({ offset: 12 });
    appendFileSync(file, 'ial\nnew\n');
    expect((await take(t, 2)).map((l) => [l.text, l.offset])).toEqual([['partial', 12], ['new', 20]]);
  });

  it('resumes at a committed position of the same file', async () => {
    writeFileSync(file, 'a\nb\nc\n');
    const first = tailer();
    const start = await first.seek(null, 'beginning');
    const t = tailer();
    expect(await t.seek({ fileId: start?.fileId ?? '', offset: 2 }, 'end')).toEqual({ fileId: start?.fileId, offset: 2 });
    expect((await take(t, 2)).map((l) => l.text)).toEqual(['b', 'c']);
  });

  it('follows rename-and-create rotation: finishes the old file, then reads the new one from 0', async () => {
    writeFileSync(file, 'old-1\nold-2\n');
    const t = tailer();
    await t.seek(null, 'beginning');
    const before = await take(t, 2);
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, 'old-3\nold-4-no-newline');
    writeFileSync(file, 'new-1\nnew-2\n');
    const after = await take(t, 4);
    expect([...before, ...after].map((l) => l.text)).toEqual(['old-1', 'old-2', 'old-3', 'old-4-no-newline', 'new-1', 'new-2']);
    expect(after[0].fileId).toBe(before[0].fileId);
    expect(after[2].fileId).not.toBe(before[0].fileId);
    expect(after.slice(2).map((l) => l.offset)).toEqual([0, 6]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rotated', fromFileId: before[0].fileId, toFileId: after[2].fileId }));
  });

  it('follows copy-truncate: a file shorter than the offset is read again from 0', async () => {
    writeFileSync(file, 'line-1\nline-2\n');
    const t = tailer();
    await t.seek(null, 'beginning');
    const before = await take(t, 2);
    truncateSync(file, 0);
    appendFileSync(file, 'after-1\n');
    const after = await take(t, 1);
    expect(after).toEqual([{ text: 'after-1', offset: 0, fileId: before[0].fileId, tooLong: false }]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'truncated', offset: 14, size: 8 }));
  });

  it('notices a truncation whose new content already reaches past the old offset', async () => {
    writeFileSync(file, 'aaaa-1\naaaa-2\n');
    const t = tailer();
    await t.seek(null, 'beginning');
    await take(t, 2);
    writeFileSync(file, 'bbbb-1\nbbbb-2\nbbbb-3\n');
    expect((await take(t, 3)).map((l) => [l.text, l.offset])).toEqual([['bbbb-1', 0], ['bbbb-2', 7], ['bbbb-3', 14]]);
  });

  it('finds a file rotated while nobody was reading, finishes it, then reads the new file', async () => {
    writeFileSync(file, 'r-1\nr-2\nr-3\n');
    const probe = tailer();
    const start = await probe.seek(null, 'beginning');
    await probe.close();
    renameSync(file, join(dir, 'orders.txt.2024'));
    writeFileSync(file, 'n-1\n');
    const t = tailer();
    expect(await t.seek({ fileId: start?.fileId ?? '', offset: 4 }, 'end')).toEqual({ fileId: start?.fileId, offset: 4 });
    expect((await take(t, 3)).map((l) => l.text)).toEqual(['r-2', 'r-3', 'n-1']);
  });

  it('reads a file whose committed identity is gone from its beginning', async () => {
    writeFileSync(file, 'x-1\nx-2\n');
    const t = tailer();
    expect(await t.seek({ fileId: '1:2', offset: 4 }, 'end')).toMatchObject({ offset: 0 });
    expect((await take(t, 2)).map((l) => l.text)).toEqual(['x-1', 'x-2']);
  });

  it('reads from 0 when the committed offset lies past the end of the file (truncated while stopped)', async () => {
    writeFileSync(file, 'y-1\n');
    const t = tailer();
    const start = await t.seek(null, 'beginning');
    expect(await t.seek({ fileId: start?.fileId ?? '', offset: 400 }, 'end')).toMatchObject({ offset: 0 });
  });

  it('cuts over-long lines spanning several reads down to their head', async () => {
    const long = 'L'.repeat(5_000);
    writeFileSync(file, `short\n${long}\nafter\n`);
    const t = tailer({ chunkBytes: 64, maxLineBytes: 100 });
    await t.seek(null, 'beginning');
    const lines = await take(t, 3);
    expect(lines.map((l) => [l.offset, l.tooLong])).toEqual([[0, false], [6, true], [5_007, false]]);
    expect(lines[2].text).toBe('after');
    expect(lines[1].text.length).toBeLessThanOrEqual(4096);
  });

  it('ends a waiting read when closed', async () => {
    writeFileSync(file, '');
    const t = tailer();
    await t.seek(null, 'beginning');
    const pending = t.read(10);
    await t.close();
    await expect(pending.then((chunk) => [chunk.lines.size, chunk.blank])).resolves.toEqual([0, 0]);
  });

  it('polls when fs.watch is off', async () => {
    writeFileSync(file, '');
    const t = tailer({ useWatch: false });
    await t.seek(null, 'beginning');
    const pending = take(t, 1);
    appendFileSync(file, 'polled\n');
    expect(await pending).toMatchObject([{ text: 'polled' }]);
  });
});
