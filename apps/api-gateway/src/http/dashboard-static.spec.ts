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

const JS = `console.log(${JSON.stringify('coffee '.repeat(400))});\n`;
const HTML = `<!doctype html><html><body>${'<p>pulse</p>'.repeat(200)}</body></html>`;

describe('serveDashboard', () => {
  let dir: string;
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), HTML);
    writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(HTML));
    writeFileSync(join(dir, 'index.html.gz'), gzipSync(HTML));
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), JS);
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(JS));
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(JS));
    writeFileSync(join(dir, 'assets', 'plain-def456.css'), 'body{color:red}');
    app = await NestFactory.create(EmptyModule, { logger: false });
    serveDashboard(app, dir, '/api');
    port = await freePort();
    await app.listen(port, '127.0.0.1');
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
