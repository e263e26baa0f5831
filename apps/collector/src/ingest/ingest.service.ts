import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { CollectorMetrics } from '../metrics/collector.metrics';
import { OrderBatch } from '../pipeline/order-batch';
import { orderRulesOf } from '../pipeline/validate-lines';
import { CollectorRedis } from '../redis/collector-redis';
import { IngestError } from './ingest.error';
import { bodyFormatOf, splitRequestBody } from './request-body.parser';

/** The answer to `POST /orders`. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

/** An answer, and whether it is the stored answer of an earlier request with the same idempotency key. */
export interface IngestOutcome {
  result: IngestResult;
  replayed: boolean;
}

/** What is stored under an idempotency key: the request's fingerprint and its answer. */
interface Receipt {
  fingerprint: string;
  result: IngestResult;
}

/** Longest accepted `Idempotency-Key`, characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return hash.digest('hex');
}

/** How long an ingest request waits for Redis to take its orders before answering 503, ms. */
const APPEND_TIMEOUT_MS = 5_000;
/** How long a request waits for a connection that is (re)connecting right now, ms. */
const READY_WAIT_MS = 500;

/** Validates, stamps and stores HTTP-ingested orders; answers once they are in Redis. */
@Injectable()
export class IngestService {
  constructor(
    @Inject(COLLECTOR_CONFIG) private readonly config: CollectorConfig,
    private readonly redis: CollectorRedis,
    private readonly metrics: CollectorMetrics,
  ) {}

  /**
   * Stores a request's valid orders (and its rejected inputs as dead letters) and says what
   * happened to each. With an `idempotencyKey`, a retry of the same request (same key, same
   * body) within the receipt's lifetime writes nothing and gets the first answer again.
   */
  async ingest(body: unknown, contentType: string | undefined, idempotencyKey?: string): Promise<IngestOutcome> {
    const format = bodyFormatOf(contentType);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    if (idempotencyKey !== undefined && (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH || !PRINTABLE_ASCII.test(idempotencyKey))) {
      throw new IngestError('INVALID_IDEMPOTENCY_KEY', `Idempotency-Key must be 1..${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`);
    }
    const items = splitRequestBody(bytes, format);
    const requestId = randomUUID();
    const batch = new OrderBatch({ ...orderRulesOf(this.config), source: 'http', maxLineBytes: this.config.maxLineBytes, receivedAt: Date.now() });
    const errors: IngestResult['errors'] = [];
    for (const item of items) {
      const rejection = batch.add(item.raw, `${requestId}#${item.index}`);
      if (rejection !== undefined) {
        errors.push({ index: item.index, ...rejection });
      }
    }
    if (!(await this.redis.whenReady(READY_WAIT_MS))) {
      throw new IngestError('REDIS_UNAVAILABLE', 'Redis is unavailable; nothing was stored, retry later');
    }
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new IngestError('REDIS_UNAVAILABLE', 'Redis did not confirm the write in time; retry later')), APPEND_TIMEOUT_MS);
    });
    const result: IngestResult = { accepted: batch.lines.length, rejected: errors.length, errors };
    const fingerprint = idempotencyKey === undefined ? '' : sha256(format, '\0', bytes);
    const once =
      idempotencyKey === undefined
        ? undefined
        : { key: this.redis.keys.ingestReceipt(sha256(idempotencyKey)), receipt: JSON.stringify({ fingerprint, result } satisfies Receipt), ttlSeconds: this.config.idempotencyTtlSeconds };
    let stored: string | undefined;
    try {
      stored = (await Promise.race([this.redis.sink.append({ lines: batch.lines, deadLetters: batch.deadLetters, once }), timeout])).receipt;
    } finally {
      clearTimeout(timer);
    }
    if (stored !== undefined) {
      const receipt = JSON.parse(stored) as Receipt;
      if (receipt.fingerprint !== fingerprint) {
        throw new IngestError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request body; nothing was stored');
      }
      return { result: receipt.result, replayed: true };
    }
    this.metrics.commitSeconds.observe({ source: 'http' }, (performance.now() - started) / 1000);
    this.metrics.linesRead.inc({ source: 'http' }, items.length);
    this.metrics.countBatch('http', batch.lines.length, batch.rejectedByCode);
    return { result, replayed: false };
  }
}
