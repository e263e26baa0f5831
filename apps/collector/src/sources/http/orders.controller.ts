import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IngestService, type IngestResult } from './ingest.service';

/**
 * `POST /orders`: one JSON order, a JSON array of orders, or NDJSON; optionally idempotent
 * (`Idempotency-Key`). Rate limit and bearer token are checked before the body is read (`configureApp`).
 */
@Controller('orders')
export class OrdersController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(202)
  async create(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestResult> {
    const { result, replayed } = await this.ingest.ingest(body, contentType, idempotencyKey);
    if (replayed) {
      response.setHeader('Idempotent-Replayed', 'true');
    }
    return result;
  }
}
