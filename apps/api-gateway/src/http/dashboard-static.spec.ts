// Covers serveDashboard: pre-compressed files by content negotiation (br > gzip > identity, q-values), Vary, caching (immutable hashed assets, no-cache index.html), SPA fallback, 404s and API paths left alone.
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { freePort } from '@coffee/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { serveDashboard } from './dashboard-static';

@Module({})
class EmptyModule {}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const get = (port: number, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

/** Writes `content` at `path` with its pre-compressed `.br` and `.gz` beside it, as the dashboard build does. */
function writePrecompressed(path: string, content: string): void {
  writeFileSync(path, content);
  writeFileSync(`${path}.br`, brotliCompressSync(content));
  writeFileSync(`${path}.gz`, gzipSync(content));
}

/** An app serving the dashboard folder `dir` (API under `/api`) on a free port. */
async function serveOnFreePort(dir: string, options?: Parameters<typeof serveDashboard>[3]): Promise<{ app: INestApplication; port: number }> {
  const app = await NestFactory.create(EmptyModule, { logger: false });
  serveDashboard(app, dir, '/api', options);
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return { app, port };
}

const JS = `console.log(${JSON.stringify('coffee '.repeat(400))});\n`;
const HTML = `<!doctype html><html><body>${'<p>pulse</p>'.repeat(200)}</body></html>`;

describe('serveDashboard', () => {
  let dir: string;
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-static-'));
    mkdirSync(join(dir, 'assets'));
    writePrecompressed(join(dir, 'index.html'), HTML);
    writePrecompressed(join(dir, 'assets', 'index-abc123.js'), JS);
    writeFileSync(join(dir, 'assets', 'plain-def456.css'), 'body{color:red}');
    ({ app, port } = await serveOnFreePort(dir));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['br, gzip', 'br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip, deflate, br;q=0.5', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['gzip;q=0.2, br;q=0.9', 'br', (b: Buffer) => brotliDecompressSync(b)],
    ['br;q=0, gzip', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['identity', undefined, (b: Buffer) => b],
    ['', undefined, (b: Buffer) => b],
  ])('Accept-Encoding "%s" → %s', async (accept, encoding, decode) => {
    const answer = await get(port, '/assets/index-abc123.js', accept ? { 'Accept-Encoding': accept } : {});
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(answer.headers['vary']).toContain('Accept-Encoding');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decode(answer.body).toString()).toBe(JS);
    if (encoding) {
      expect(answer.body.length).toBeLessThan(JS.length / 5);
    }
  });

  it('sends index.html compressed with no-cache, at / and as the single-page fallback', async () => {
    for (const path of ['/', '/some/view']) {
      const answer = await get(port, path, { 'Accept-Encoding': 'gzip', Accept: 'text/html' });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(gunzipSync(answer.body).toString()).toBe(HTML);
    }
  });

  it('sends a file without compressed siblings as is', async () => {
    const answer = await get(port, '/assets/plain-def456.css', { 'Accept-Encoding': 'br, gzip' });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe('body{color:red}');
  });

  it('answers 404 for a missing asset and leaves API paths alone', async () => {
    expect((await get(port, '/assets/gone.js', { 'Accept-Encoding': 'br' })).status).toBe(404);
    expect((await get(port, '/api/stats', { Accept: 'text/html' })).status).toBe(404);
  });
});

describe('serveDashboard with the first view embedded', () => {
  const URLS = ['/api/config', '/api/stats?branch=all&last=20'];
  const PAGE = `<!doctype html><html><head><script type="application/json" id="coffee-first-view">${JSON.stringify({ urls: URLS })}</script></head><body>${'<p>pulse</p>'.repeat(100)}</body></html>`;
  const element = (html: string): unknown => JSON.parse(/id="coffee-first-view">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null');
  let dir: string;
  let app: INestApplication;
  let port: number;
  const reads: string[] = [];
  /** Reads wait for this (a test holds them back). */
  let gate: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-embed-'));
    // A stale pre-compressed page must not be sent in place of the page with the answers.
    writePrecompressed(join(dir, 'index.html'), PAGE);
    const read = async (url: string) => {
      reads.push(url);
      await gate;
      return url === '/api/config' ? JSON.stringify({ timeZone: 'Asia/Seoul', note: '</script><!--\u2028' }) : JSON.stringify({ windows: [1, 2, 3] });
    };
    ({ app, port } = await serveOnFreePort(dir, { read, limits: { maxBytes: 10_000, timeoutMs: 1_000 } }));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip', (b: Buffer) => gunzipSync(b)],
    ['identity', (b: Buffer) => b],
  ])('sends the page with the answers read now (%s), escaped, no-cache', async (encoding, decode) => {
    reads.length = 0;
    for (const path of ['/', '/index.html', '/some/view']) {
      const answer = await get(port, path, { 'Accept-Encoding': encoding, Accept: 'text/html' });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['vary']).toContain('Accept-Encoding');
      const html = decode(answer.body).toString();
      expect(html.match(/<\/script>/g)).toHaveLength(1);
      expect(html).not.toContain('\u2028');
      expect(element(html)).toMatchObject({
        urls: URLS,
        answers: { '/api/config': { timeZone: 'Asia/Seoul', note: '</script><!--\u2028' }, [URLS[1]]: { windows: [1, 2, 3] } },
      });
    }
    expect(reads).toHaveLength(6);
  });

  it('sends the page up to the first-view element before the answers have been read', async () => {
    let open = () => undefined as void;
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const chunks: string[] = [];
    const done = new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { Accept: 'text/html', 'Accept-Encoding': 'identity' } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          chunks.push(chunk);
          // The first part arrived while the reads are still held: release them.
          open();
        });
        res.on('end', () => resolve(chunks.join('')));
      });
      req.on('error', reject);
      req.end();
    });
    const html = await done;
    gate = Promise.resolve();
    expect(chunks[0]).toBe(PAGE.slice(0, PAGE.indexOf('id="coffee-first-view">') + 'id="coffee-first-view">'.length));
    expect(element(html)).toMatchObject({ answers: { '/api/config': { timeZone: 'Asia/Seoul' } } });
  });

  it('answers HEAD with the headers only', async () => {
    const answer = await new Promise<RawAnswer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'HEAD', headers: { Accept: 'text/html' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
