import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { BearerTokenGuard } from './bearer-token.guard';
import { IngestService, type IngestResult } from './ingest.service';

/** `POST /orders`: one JSON order, a JSON array of orders, or NDJSON. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(BearerTokenGuard)
  create(@Body() body: unknown, @Headers('content-type') contentType: string | undefined): Promise<IngestResult> {
    return this.ingest.ingest(body, contentType);
  }
}
