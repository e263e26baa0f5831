import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipAsync, gzipSync } from 'node:zlib';

/** A serialized history answer. */
export interface CachedAnswer {
  /** The JSON body. */
  json: string;
  /** Weak ETag of the body (shared by its gzip encoding). */
  etag: string;
  /** The body gzip-encoded, made on first use; undefined for small bodies, which are not worth it. */
  gzip(): Buffer | undefined;
}

/** Bodies shorter than this are sent as they are. */
const GZIP_MIN_BYTES = 1_024;

/** Limits of a {@link HistoryCache}. */
export interface HistoryCacheOptions {
  /** How long an answer may be reused, ms; 0 disables caching (requests still share in-flight reads). */
  ttlMs: number;
  /** Most bytes of JSON kept; least recently used answers go first. */
  maxBytes: number;
  /** Answers larger than this are never kept. */
  maxEntryBytes: number;
}

interface Entry {
  answer: CachedAnswer;
  branch: string;
  expires: number;
  /** A live update of the branch arrived since the answer was read: serve it, but refresh it. */
  stale: boolean;
}

const GZIP_OPTIONS = { level: 6 };
const gzipOffLoop = promisify(gzipAsync);

/** Serializes a body and tags it; its gzip encoding is made on first use. */
export function toCachedAnswer(body: unknown): CachedAnswer {
  const json = JSON.stringify(body);
  let gzip: Buffer | undefined;
  return {
    json,
    etag: `W/"${json.length.toString(16)}-${createHash('sha1').update(json).digest('base64url').slice(0, 27)}"`,
    gzip: () => {
      if (gzip === undefined && json.length >= GZIP_MIN_BYTES) {
        gzip = gzipSync(json, GZIP_OPTIONS);
      }
      return gzip;
    },
  };
}

/**
 * {@link toCachedAnswer} with the gzip encoding made at once, on libuv's thread pool: for large answers
 * (a 24 h top-N is about 550 kB of JSON), whose compression would otherwise hold the event loop for
 * tens of ms on the first gzip request. The same bytes as {@link CachedAnswer.gzip} would make.
 */
export async function toPrecompressedAnswer(body: unknown): Promise<CachedAnswer> {
  const answer = toCachedAnswer(body);
  if (answer.json.length < GZIP_MIN_BYTES) {
    return answer;
  }
  const compressed = await gzipOffLoop(answer.json, GZIP_OPTIONS);
  return { json: answer.json, etag: answer.etag, gzip: () => compressed };
}

/**
 * Serialized history answers per query, shared by concurrent and repeated requests. An answer is
 * never served more than `ttlMs` after it was read. When a live update of its branch arrives (the
 * store changed) it turns stale: the next request starts one refresh and, while that read is in
 * flight, requests still get the previous answer (so updates never stall readers). Identical
 * reads in flight are shared; a read that overlapped an update of its branch is answered but not
 * kept. Bounded by bytes (LRU).
 */
export class HistoryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, { branch: string; promise: Promise<CachedAnswer> }>();
  private readonly generations = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly options: HistoryCacheOptions) {}

  /** Answers and bytes held (each answer's text counted twice: text and gzip). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The answer for `key` (a query of `branch`), from the cache, a read in flight, or `read()`. */
  get(key: string, branch: string, now: number, read: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    const cached = this.peek(key, branch, now, read);
    return cached === undefined ? this.read(key, branch, now, read) : Promise.resolve(cached);
  }

  /**
   * The kept answer for `key`, synchronously, or undefined when there is none within its TTL (nothing
   * is read then). A stale answer is returned too, and starts its refresh with `read()`, as {@link get} does.
   */
  peek(key: string, branch: string, now: number, read: () => Promise<CachedAnswer>): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expires <= now) {
      this.remove(key, entry);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (entry.stale) {
      // Errors reach the requests that wait for a read, not this one.
      this.read(key, branch, now, read).catch(() => undefined);
    }
    return entry.answer;
  }

  /** Marks every answer of a branch stale (its stored counts changed). */
  invalidate(branch: string): void {
    this.generations.set(branch, (this.generations.get(branch) ?? 0) + 1);
    for (const entry of this.entries.values()) {
      if (entry.branch === branch) {
        entry.stale = true;
      }
    }
    for (const [key, pending] of this.inflight) {
      if (pending.branch === branch) {
        this.inflight.delete(key);
      }
    }
  }

  /** Forgets everything (e.g. live updates may have been missed). */
  clear(): void {
    for (const branch of new Set([...this.entries.values()].map((entry) => entry.branch))) {
      this.generations.set(branch, (this.generations.get(branch) ?? 0) + 1);
    }
    this.entries.clear();
    this.inflight.clear();
    this.bytes = 0;
  }

  private read(key: string, branch: string, now: number, read: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      return pending.promise;
    }
    const generation = this.generations.get(branch) ?? 0;
    const promise = read().then(
      (answer) => {
        if (this.inflight.get(key)?.promise === promise) {
          this.inflight.delete(key);
        }
        if ((this.generations.get(branch) ?? 0) === generation) {
          this.store(key, branch, answer, now + this.options.ttlMs);
        }
        return answer;
      },
      (error: unknown) => {
        if (this.inflight.get(key)?.promise === promise) {
          this.inflight.delete(key);
        }
        throw error;
      },
    );
    this.inflight.set(key, { branch, promise });
    return promise;
  }

  private store(key: string, branch: string, answer: CachedAnswer, expires: number): void {
    // Counted twice: the text and, at most, its gzip encoding.
    const bytes = 2 * answer.json.length;
    if (this.options.ttlMs <= 0 || bytes > this.options.maxEntryBytes || bytes > this.options.maxBytes) {
      return;
    }
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.remove(key, previous);
    }
    while (this.bytes + bytes > this.options.maxBytes) {
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) {
        break;
      }
      this.remove(oldest[0], oldest[1]);
    }
    this.entries.set(key, { answer, branch, expires, stale: false });
    this.bytes += bytes;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= 2 * entry.answer.json.length;
  }
}
