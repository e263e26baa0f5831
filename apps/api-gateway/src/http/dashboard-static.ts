import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { constants as zlib, createBrotliCompress, createGzip } from 'node:zlib';
import { parseFirstViewTemplate, renderFirstView, type FirstViewLimits, type FirstViewReader, type FirstViewTemplate } from './first-view-embed';

/** How often, at most, a request for an unknown file makes the gateway look at the build directory again. */
const RESCAN_INTERVAL_MS = 2_000;

/** Every file under `dir`, as URL paths (`/assets/index-abc.js`) → absolute paths; empty without an `index.html`. */
function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(join(dir, 'index.html'))) {
    return files;
  }
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const absolute = join(entry.parentPath, entry.name);
      files.set(`/${relative(dir, absolute).split(sep).join('/')}`, absolute);
    }
  }
  return files;
}

/** Pre-compressed siblings the build writes (`index-abc.js.br`, `.gz`), best first, by their `Content-Encoding`. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends `path` (a listed file) in the best encoding the client accepts that the build pre-compressed
 * (`Accept-Encoding` with q-values, via Express' negotiator), else as is; always `Vary: Accept-Encoding`.
 */
function sendNegotiated(req: Request, res: Response, path: string, file: string, sibling: (path: string) => string | undefined): void {
  res.setHeader('Vary', 'Accept-Encoding');
  const available = ENCODINGS.filter((e) => sibling(`${path}${e.suffix}`) !== undefined);
  const chosen = available.length > 0 ? req.acceptsEncodings([...available.map((e) => e.encoding), 'identity']) : false;
  const variant = available.find((e) => e.encoding === chosen);
  if (variant === undefined) {
    res.sendFile(file);
    return;
  }
  // The type of the original, not of `.br`; `send` keeps a Content-Type already set.
  res.type(extname(path));
  res.setHeader('Content-Encoding', variant.encoding);
  res.sendFile(sibling(`${path}${variant.suffix}`) ?? file);
}

/** What the gateway embeds in index.html (see first-view-embed.ts): answers read by `read`, within `limits`. */
export interface FirstViewEmbedding {
  read: FirstViewReader;
  limits: FirstViewLimits;
}

/** Brotli quality for a page made per request (11, the build's, costs far more CPU for a few bytes). */
const PAGE_BROTLI_QUALITY = 5;

/** The first-view template of `file` (an index.html), read again when the file changes (a new build). */
function templateReader(): (file: string) => FirstViewTemplate | undefined {
  let cached: { file: string; mtimeMs: number; size: number; template: FirstViewTemplate | undefined } | undefined;
  return (file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) {
      return undefined;
    }
    if (cached?.file !== file || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      cached = { file, mtimeMs: stat.mtimeMs, size: stat.size, template: parseFirstViewTemplate(readFileSync(file, 'utf8')) };
    }
    return cached.template;
  };
}

/**
 * Streams the page: everything before the first-view element's text at once (the browser starts fetching the
 * stylesheet and scripts it names), then the answers when they have been read, then the rest. Brotli or gzip when
 * accepted (flushed after the first part), `no-cache`, `Vary: Accept-Encoding`.
 */
function streamPage(req: Request, res: Response, template: FirstViewTemplate, body: () => Promise<string>): void {
  const encoding = req.acceptsEncodings(['br', 'gzip', 'identity']);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (req.method === 'HEAD') {
    res.status(200).end();
    return;
  }
  const compressor =
    encoding === 'br'
      ? createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: PAGE_BROTLI_QUALITY } })
      : encoding === 'gzip'
        ? createGzip({ level: 6 })
        : undefined;
  if (compressor !== undefined) {
    res.setHeader('Content-Encoding', encoding as string);
    compressor.on('error', () => res.destroy());
    compressor.pipe(res);
  }
  const out = compressor ?? res;
  res.status(200);
  out.write(template.head);
  compressor?.flush();
  void body().then((json) => out.end(`${json}${template.tail}`));
}

/**
 * Serves the dashboard's built files at `/` (when `dir/index.html` exists) with a single-page-app
 * fallback: any other GET that accepts HTML, has no file extension and is not under `apiPrefix` or
 * `/socket.io` gets `index.html`. Only files listed from the build directory are served (no path
 * from a request ever reaches the file system), and API requests never touch the file system; the
 * list is read again, at most every 2 s, when a request names a file it lacks (a new build).
 * Hashed assets are cached for a year (`immutable`), the rest (`index.html`) revalidated (`no-cache`).
 * Files the build pre-compressed (`.br`, `.gz` beside them) are sent compressed when the client accepts it.
 * With `firstView`, the page (`/`, `/index.html` and the fallback) is sent with the first view's answers embedded
 * (first-view-embed.ts), compressed per request; a build without the first-view element is sent as it is.
 */
export function serveDashboard(app: INestApplication, dir: string, apiPrefix: string, firstView?: FirstViewEmbedding): void {
  const logger = new Logger('Dashboard');
  let files = listFiles(dir);
  let scannedAt = Date.now();
  logger.log(files.size > 0 ? `serving the dashboard from ${dir} (${files.size} files)` : `no dashboard build at ${dir} yet; serving the API`);
  const lookup = (path: string): string | undefined => {
    const file = files.get(path);
    if (file === undefined && Date.now() - scannedAt > RESCAN_INTERVAL_MS) {
      files = listFiles(dir);
      scannedAt = Date.now();
      return files.get(path);
    }
    return file;
  };
  // Compressed siblings come from the same listing as their file (no rescan for a file that has none).
  const sibling = (path: string): string | undefined => files.get(path);
  const templateOf = templateReader();
  const sendIndex = (req: Request, res: Response, index: string): void => {
    res.setHeader('Cache-Control', 'no-cache');
    const template = firstView === undefined ? undefined : templateOf(index);
    if (firstView === undefined || template === undefined) {
      sendNegotiated(req, res, '/index.html', index, sibling);
      return;
    }
    // renderFirstView does not reject (failed reads are left out); were it to, the page goes without answers.
    const body = () =>
      renderFirstView(template, firstView.read, firstView.limits).then(
        ({ json }) => json,
        () => JSON.stringify({ urls: template.urls }),
      );
    streamPage(req, res, template, body);
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path === apiPrefix || req.path.startsWith(`${apiPrefix}/`) || req.path.startsWith('/socket.io/')) {
      next();
      return;
    }
    const file = req.path === '/' ? undefined : lookup(req.path);
    if (file !== undefined && req.path === '/index.html') {
      sendIndex(req, res, file);
      return;
    }
    if (file !== undefined) {
      res.setHeader('Cache-Control', req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      sendNegotiated(req, res, req.path, file, sibling);
      return;
    }
    // A missing file (`/assets/gone.js`) is a 404, not the page.
    const index = lookup('/index.html');
    if (index === undefined || /\.[A-Za-z0-9]+$/.test(req.path) || req.accepts('html') !== 'html') {
      next();
      return;
    }
    sendIndex(req, res, index);
  });
}
