// Covers StreamSink and openFileSink: appending, parent dirs, partial-line repair, backpressure, errors.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openFileSink, StreamSink } from './stream-sink';

describe('openFileSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'generator-sink-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates parent directories and appends to an existing file', async () => {
    const path = join(dir, 'a', 'b', 'orders.txt');
    const first = await openFileSink(path);
    await first.write('one\n');
    await first.close();
    const second = await openFileSink(path);
    await second.write(Buffer.from('two\n'));
    await second.close();
    expect(await readFile(path, 'utf8')).toBe('one\ntwo\n');
  });

  it('starts on a fresh line when the file ends in a partial line', async () => {
    const path = join(dir, 'orders.txt');
    await writeFile(path, 'whole\nhalf a li');
    const sink = await openFileSink(path);
    await sink.write('next\n');
    await sink.close();
    expect(await readFile(path, 'utf8')).toBe('whole\nhalf a li\nnext\n');
  });

  it('fails to open a directory', async () => {
    await expect(openFileSink(dir)).rejects.toThrow();
  });
});

describe('StreamSink', () => {
  it('waits for drain when the stream is full and keeps order', async () => {
    const received: string[] = [];
    let release: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _enc, done) {
        received.push(chunk.toString());
        release = done;
      },
    });
    const sink = new StreamSink(slow, true);
    const first = sink.write('aaaaaaaa');
    let settled = false;
    void first.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    release?.();
    await first;
    const closed = sink.close();
    await closed;
    expect(received).toEqual(['aaaaaaaa']);
  });

  it('rejects writes after the stream failed', async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('EPIPE'), { code: 'EPIPE' }));
      },
    });
    const sink = new StreamSink(broken, false);
    await expect(sink.write('x'.repeat(100_000))).rejects.toThrow('EPIPE');
    await expect(sink.write('y')).rejects.toThrow('EPIPE');
  });
});
