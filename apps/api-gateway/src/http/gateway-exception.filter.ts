import { AggregationError, type AggregationErrorCode } from '@coffee/aggregation';
import { StatsStoreError } from '@coffee/stats-store';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { CancelRefusal } from '../stats/history-admission';
import { HistoryAdmissionError, HistoryAdmissionErrorCode } from './history-admission.error';
import { InvalidParameterError } from './invalid-parameter.error';
import { RedisUnavailableError } from './redis-unavailable.error';

/** The JSON error body of every failed request: `{ statusCode, error, message }`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

// AggregationError codes that mean the caller asked for something impossible (the rest are bugs).
const BAD_WINDOW_CODES: ReadonlySet<AggregationErrorCode> = new Set<AggregationErrorCode>(['INVALID_TIMESTAMP', 'INVALID_DATESTRING', 'NO_SUCH_WINDOW', 'INVALID_RESOLUTION', 'INVALID_ARGUMENT', 'RANGE_TOO_LARGE']);


/** Maps errors to HTTP answers at the edge: bad input → 400, Redis down → 503, anything else → 500 (logged). */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof InvalidParameterError) {
    return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: error.message };
  }
  if (error instanceof HistoryAdmissionError) {
    switch (error.code) {
      case HistoryAdmissionErrorCode.OverBudget:
        return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: error.message };
      case HistoryAdmissionErrorCode.Overloaded:
        return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: error.message };
    }
  }
  if (error instanceof StatsStoreError) {
    switch (error.code) {
      case 'INVALID_QUERY':
      case 'RANGE_TOO_LARGE':
        return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: error.message };
      case 'REDIS_ERROR':
        return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: 'redis: unavailable' };
      case 'INVALID_OPTIONS':
      case 'INVALID_DELTA':
      case 'INVALID_ACK':
      case 'GROUP_MISSING':
      case 'WRONG_KEY_TYPE':
        return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'internal error' };
    }
  }
  if (error instanceof RedisUnavailableError) {
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: error.message };
  }
  if (error instanceof AggregationError && BAD_WINDOW_CODES.has(error.code)) {
    return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: error.message };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : Reflect.get(response, 'message');
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    return { statusCode: status, error: HttpStatus[status]?.split('_').map(capitalize).join(' ') ?? 'Error', message: text };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'internal error' };
}

function capitalize(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

/**
 * Global HTTP exception filter (`app.useGlobalFilters`, so not applied to the WebSocket gateway): one
 * error shape, never a 500 for bad input. A query over the history budget (400 `OVER_BUDGET`) is
 * answered after the refusal delay, as the cached-answer fast path answers it: a client repeating it
 * at once costs one request per delay.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  /** @param deferRefusal holds a refusal's answer back (the admission control's `deferRefusal`); default: answers at once. */
  constructor(private readonly deferRefusal: (answer: () => void) => CancelRefusal = (answer) => (answer(), () => undefined)) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      return;
    }
    if (error instanceof HistoryAdmissionError && error.code === HistoryAdmissionErrorCode.Overloaded) {
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    if (error instanceof HistoryAdmissionError && error.code === HistoryAdmissionErrorCode.OverBudget) {
      response.once('close', this.deferRefusal(() => response.status(body.statusCode).json(body)));
      return;
    }
    response.status(body.statusCode).json(body);
  }
}
