import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { recycleTailBuffer } from './tail-lines';
import { validateLines, type EntryFormat, type LineBatchRequest, type LineBatchResult, type OrderRuleSettings } from './validate-lines';

interface Pending {
  resolve: (result: LineBatchResult) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Most released buffers held for the workers at once. */
const MAX_RETURNED = 4;

/** The compiled worker script; absent when running from TypeScript sources (tests), which then validate inline. */
const WORKER_FILE = join(__dirname, 'order-parse.worker.js');

/**
 * Validates line batches off the main thread (JSON parsing and re-serializing is most of the
 * collector's CPU work), so reading and Redis I/O go on meanwhile. `threads` 0, or no compiled
 * worker script, validates inline. A worker that dies fails its pending batches (the caller
 * re-reads them) and is replaced on the next request.
 */
export class LineValidatorPool {
  private readonly threads: (Thread | null)[];
  private nextId = 0;
  private turn = 0;
  private closed = false;
  /** Output buffers of results no longer in use, sent back to the workers with the next requests. */
  private returned: ArrayBuffer[] = [];

  constructor(
    threads: number,
    private readonly workerFile: string = WORKER_FILE,
    /** Order rules (DEFAULT_BRANCH, MAX_FUTURE_SKEW_SECONDS, BRANCH_ALLOWLIST) added to every request. */
    private readonly rules: OrderRuleSettings & { entryFormat?: EntryFormat } = {},
  ) {
    this.threads = existsSync(workerFile) ? new Array<Thread | null>(threads).fill(null) : [];
  }

  /** `threads` when worker threads validate, `inline` otherwise. */
  get mode(): 'threads' | 'inline' {
    return this.threads.length > 0 ? 'threads' : 'inline';
  }

  /** Validates a batch; the request's buffers are handed over to the worker (do not use them afterwards). */
  validate(request: LineBatchRequest): Promise<LineBatchResult> {
    Object.assign(request, this.rules);
    if (this.threads.length === 0 || this.closed) {
      return Promise.resolve(validateLines(request));
    }
    const slot = this.turn;
    this.turn = (this.turn + 1) % this.threads.length;
    const thread = this.threads[slot] ?? this.spawn(slot);
    const id = this.nextId++;
    const returned = this.returned;
    this.returned = [];
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const buffers = [request.bytes.buffer, request.starts.buffer, request.ends.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      thread.worker.postMessage({ id, request, returned }, [...new Set(buffers), ...returned]);
    });
  }

  /**
   * Says a result's output is no longer used (its batch is written, or given up): its buffer goes
   * back to a worker to be written into again, instead of fresh memory for every batch.
   */
  release(result: LineBatchResult): void {
    const buffer = result.lines.bytes.buffer;
    if (this.threads.length > 0 && buffer instanceof ArrayBuffer && buffer.byteLength > 0 && this.returned.length < MAX_RETURNED) {
      this.returned.push(buffer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread?.worker.terminate()));
    this.threads.fill(null);
  }

  private spawn(slot: number): Thread {
    const worker = new Worker(this.workerFile);
    const thread: Thread = { worker, pending: new Map() };
    const fail = (error: Error): void => {
      if (this.threads[slot] === thread) {
        this.threads[slot] = null;
      }
      for (const pending of thread.pending.values()) {
        pending.reject(error);
      }
      thread.pending.clear();
    };
    worker.on('message', (message: { id: number; result: LineBatchResult; spent?: ArrayBuffer }) => {
      if (message.spent !== undefined) {
        recycleTailBuffer(message.spent);
      }
      const pending = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      pending?.resolve(message.result);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`validation worker exited with code ${code}`)));
    worker.unref();
    this.threads[slot] = thread;
    return thread;
  }
}
