import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { IngestError } from './ingest.error';

/** When `INGEST_TOKEN` is set, requires `Authorization: Bearer <token>`. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(COLLECTOR_CONFIG) config: CollectorConfig) {
    this.expected = config.ingestToken === undefined ? undefined : Buffer.from(`Bearer ${config.ingestToken}`);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      return true;
    }
    const given = Buffer.from(context.switchToHttp().getRequest<Request>().headers.authorization ?? '');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      throw new IngestError('UNAUTHORIZED', 'missing or wrong bearer token');
    }
    return true;
  }
}
