// Covers the validation worker pool's plumbing with stand-in worker scripts: inline fallback, ordering across threads, a crashing worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLines } from '../../test/support/order-lines';
import { LineValidatorPool } from './line-validator-pool';

const order = '{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';

function request(text: string) {
  const bytes = new Uint8Array(Buffer.from(text));
  return { bytes, starts: Int32Array.of(0), ends: Int32Array.of(bytes.length), receivedAt: 1, maxLineBytes: 1000 };
}

describe('LineValidatorPool', () => {
  let dir: string;
  const pools: LineValidatorPool[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'collector-pool-'));
    // Echoes the line back as the only valid line; a line "crash" makes the worker exit.
    writeFileSync(
      join(dir, 'echo.js'),
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', ({ id, request }) => {
         const text = Buffer.from(request.bytes).toString();
         if (text === 'crash') process.exit(3);
         const lines = { bytes: request.bytes, ends: Int32Array.of(request.bytes.length) };
         setTimeout(() => parentPort.postMessage({ id, result: { lines, rejected: [] } }), text === 'slow' ? 50 : 0);
       });`,
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function pool(threads: number, file = join(dir, 'echo.js')): LineValidatorPool {
    const p = new LineValidatorPool(threads, file);
    pools.push(p);
    return p;
  }

  it('validates inline without threads or without a compiled worker script', async () => {
    for (const p of [pool(0), pool(2, join(dir, 'missing.js'))]) {
      expect(p.mode).toBe('inline');
      expect(decodeLines((await p.validate(request(order))).lines)).toEqual([order.replace('}', ',"timestamp":1}')]);
    }
  });

  it('answers every request with its own result across threads', async () => {
    const p = pool(2);
    expect(p.mode).toBe('threads');
    const results = await Promise.all(['slow', 'a', 'b', 'c'].map((t) => p.validate(request(t))));
    expect(results.map((r) => decodeLines(r.lines)[0])).toEqual(['slow', 'a', 'b', 'c']);
  });

  it('hands released output buffers back to the workers with the next request', async () => {
    // Answers with the sizes of the buffers it got back, as its only line.
    writeFileSync(
      join(dir, 'returns.js'),
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', ({ id, returned }) => {
         const bytes = new Uint8Array(Buffer.from(returned.map((b) => b.byteLength).join(',') || 'none'));
         parentPort.postMessage({ id, result: { lines: { bytes, ends: Int32Array.of(bytes.length) }, rejected: [] } }, [bytes.buffer]);
       });`,
    );
    const p = pool(1, join(dir, 'returns.js'));
    const first = await p.validate(request('x'));
    expect(decodeLines(first.lines)).toEqual(['none']);
    const size = first.lines.bytes.buffer.byteLength;
    p.release(first);
    expect(first.lines.bytes.buffer.byteLength).toBe(size);
    const second = await p.validate(request('y'));
    expect(decodeLines(second.lines)).toEqual([String(size)]);
    // Handed over: the first result's buffer now belongs to the worker.
    expect(first.lines.bytes.buffer.byteLength).toBe(0);
    expect(decodeLines((await p.validate(request('z'))).lines)).toEqual(['none']);
  });

  it('adds its order rules to every request, inline and across threads', async () => {
    const noBranch = '{"orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';
    const inline = new LineValidatorPool(0, undefined, { defaultBranch: 'main' });
    pools.push(inline);
    expect(decodeLines((await inline.validate(request(noBranch))).lines)).toEqual(['{"branch":"main","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":1}']);
    // A worker answering with the rules it received.
    writeFileSync(
      join(dir, 'rules.js'),
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', ({ id, request }) => {
         const bytes = new Uint8Array(Buffer.from(JSON.stringify([request.defaultBranch, request.maxFutureSkewMs, request.branchAllowlist])));
         parentPort.postMessage({ id, result: { lines: { bytes, ends: Int32Array.of(bytes.length) }, rejected: [] } }, [bytes.buffer]);
       });`,
    );
    const threaded = new LineValidatorPool(1, join(dir, 'rules.js'), { defaultBranch: 'main', maxFutureSkewMs: 60_000, branchAllowlist: ['main'] });
    pools.push(threaded);
    expect(decodeLines((await threaded.validate(request('x'))).lines)).toEqual(['["main",60000,["main"]]']);
  });

  it('fails the batches of a worker that died and replaces it', async () => {
    const p = pool(1);
    await expect(p.validate(request('crash'))).rejects.toThrow(/exited with code 3/);
    expect(decodeLines((await p.validate(request('after'))).lines)).toEqual(['after']);
  });
});
