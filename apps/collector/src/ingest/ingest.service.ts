import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { CollectorMetrics } from '../metrics/collector.metrics';
import { OrderBatch } from '../pipeline/order-batch';
import { CollectorRedis } from '../redis/collector-redis';
import { IngestError } from './ingest.error';
import { bodyFormatOf, splitRequestBody } from './request-body.parser';

/** The answer to `POST /orders`. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
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

  async ingest(body: unknown, contentType: string | undefined): Promise<IngestResult> {
    const format = bodyFormatOf(contentType);
    const items = splitRequestBody(Buffer.isBuffer(body) ? body : Buffer.alloc(0), format);
    const requestId = randomUUID();
    const batch = new OrderBatch({ source: 'http', maxLineBytes: this.config.maxLineBytes, receivedAt: Date.now() });
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
    try {
      await Promise.race([this.redis.sink.append({ lines: batch.lines, deadLetters: batch.deadLetters }), timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.metrics.commitSeconds.observe({ source: 'http' }, (performance.now() - started) / 1000);
    this.metrics.linesRead.inc({ source: 'http' }, items.length);
    this.metrics.countBatch('http', batch.lines.length, batch.rejectedByCode);
    return { accepted: batch.lines.length, rejected: errors.length, errors };
  }
}
