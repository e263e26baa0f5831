import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RedisIoError } from '@coffee/redis-io';
import type { Response } from 'express';
import { IngestError, type IngestErrorCode } from './ingest.error';

/** The error body every failed request gets. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

const INGEST_STATUS: Record<IngestErrorCode, number> = {
  UNAUTHORIZED: 401,
  UNSUPPORTED_MEDIA_TYPE: 415,
  EMPTY_BODY: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_INPUTS: 413,
  TOO_MANY_REJECTED: 422,
  RATE_LIMITED: 429,
  REDIS_UNAVAILABLE: 503,
};

/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = 2;

interface Mapped {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

/** body-parser errors carry `type` and `status`; ioredis connection errors carry recognisable names. */
function mapForeign(error: unknown): Mapped | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { type, status, name, message } = error as { type?: unknown; status?: unknown; name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  switch (type) {
    case 'entity.too.large':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than BODY_LIMIT' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: text };
    default:
      break;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'BAD_REQUEST', message: text };
  }
  if (name === 'MaxRetriesPerRequestError' || /Connection is closed|ECONNREFUSED|ECONNRESET/.test(text)) {
    return { status: 503, code: 'REDIS_UNAVAILABLE', message: 'Redis is unavailable; retry later' };
  }
  // Redis refusing writes for a while (out of memory, failed snapshot, a replica, loading, a busy script, a cluster
  // in change): nothing was stored, and the same request can succeed later.
  const refusal = /^(OOM|MISCONF|READONLY|LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN)\b/.exec(text);
  if (refusal !== null) {
    return { status: 503, code: 'REDIS_UNAVAILABLE', message: `Redis refuses writes (${refusal[1]}); nothing was stored, retry later` };
  }
  return undefined;
}

function map(error: unknown): Mapped {
  if (error instanceof IngestError) {
    return { status: INGEST_STATUS[error.code], code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof RedisIoError) {
    switch (error.code) {
      case 'REDIS_UNAVAILABLE':
      case 'STREAM_FULL':
        return { status: 503, code: error.code, message: `${error.message}; retry later` };
      case 'INVALID_INPUT':
        return { status: 400, code: error.code, message: error.message };
      case 'INVALID_URL':
      case 'INVALID_OPTION':
      case 'CHECKPOINT_CONFLICT':
      case 'GROUP_MISSING':
      case 'UNEXPECTED_REPLY':
        return { status: 500, code: error.code, message: 'internal error' };
    }
  }
  return mapForeign(error) ?? { status: 500, code: 'INTERNAL_ERROR', message: 'internal error' };
}

/** Sends the error answer for `error` (also used by the middleware that runs before Nest's routing). */
export function sendError(response: Response, error: unknown): Mapped {
  const mapped = map(error);
  const retryAfter = mapped.retryAfterSeconds ?? (mapped.status === 503 ? RETRY_AFTER_SECONDS : undefined);
  if (retryAfter !== undefined) {
    response.setHeader('Retry-After', String(retryAfter));
  }
  const body: ErrorBody = { statusCode: mapped.status, error: mapped.code, message: mapped.message };
  response.status(mapped.status).json(body);
  return mapped;
}

/** The one place where error codes become HTTP statuses (401, 413, 415, 422, 429 and 503 with Retry-After, …). */
@Catch()
export class CollectorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(CollectorExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      // Nest's own (404 for an unknown route, the readiness probe's 503): status and body as they are.
      const payload = error.getResponse();
      response.status(error.getStatus()).json(typeof payload === 'string' ? { statusCode: error.getStatus(), message: payload } : payload);
      return;
    }
    const mapped = sendError(response, error);
    if (mapped.status >= 500 && mapped.status !== 503) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }
}
