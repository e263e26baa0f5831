import type { OrderBatch } from '../../pipeline/order-batch';
import type { BodyItem } from './request-body.parser';
import { IngestError } from './ingest.error';
import { nestsDeeperThan } from './json-bytes.scanner';

/** One rejected input as listed in an answer. */
export interface InputError {
  /** Array index or NDJSON line number (from 0). */
  index: number;
  code: string;
  message: string;
}

/** Bounds of {@link validateInputs}. */
export interface ValidateInputsOptions {
  /** Prefix of each dead letter's position: `<requestId>#<index>`. */
  requestId: string;
  maxLineBytes: number;
  maxJsonDepth: number;
  /** Beyond this many rejected inputs the request is refused (`TOO_MANY_REJECTED`). */
  maxRejected: number;
  /** Most errors listed (all are counted and dead-lettered). */
  maxErrorsListed: number;
}

/** Stamped order lines and dead letters of a request, and its verdicts. */
export interface ValidatedInputs {
  batch: OrderBatch;
  /** Every rejected input, counted. */
  rejected: number;
  /** The first `maxErrorsListed` rejections, in input order. */
  errors: InputError[];
}

/**
 * Validates a request's inputs one by one into `batch` (from `OrderIntake.batch`: the collector's
 * order rules and stamping), each from its own bytes, by the same rules whatever the
 * body form (single, array element, NDJSON line): deeper than `maxJsonDepth` is `TOO_DEEP` (checked
 * before parsing, so parsing is bounded too; an input over `maxLineBytes` is `LINE_TOO_LONG` whatever
 * its depth), then `parseOrderLine` (via {@link OrderBatch}). Stops at the first rejection beyond
 * `maxRejected`.
 * @throws IngestError `TOO_MANY_REJECTED`
 */
export function validateInputs(items: readonly BodyItem[], batch: OrderBatch, options: ValidateInputsOptions): ValidatedInputs {
  const { requestId, maxLineBytes, maxJsonDepth, maxRejected, maxErrorsListed } = options;
  const errors: InputError[] = [];
  let rejected = 0;
  for (const item of items) {
    const raw = item.raw;
    const rejection =
      raw.length <= maxLineBytes && nestsDeeperThan(raw, 0, raw.length, maxJsonDepth)
        ? batch.reject(raw, 'TOO_DEEP', `TOO_DEEP: JSON nested deeper than ${maxJsonDepth} levels (MAX_JSON_DEPTH)`, `${requestId}#${item.index}`)
        : batch.add(raw, () => `${requestId}#${item.index}`);
    if (rejection === undefined) {
      continue;
    }
    rejected++;
    if (rejected > maxRejected) {
      const first = errors.length > 0 ? `; the first: input ${errors[0].index}, ${errors[0].code}` : '';
      throw new IngestError('TOO_MANY_REJECTED', `more than ${maxRejected} of the request's ${items.length} inputs were rejected (MAX_REJECTED_PER_REQUEST); nothing was stored${first}`);
    }
    if (errors.length < maxErrorsListed) {
      errors.push({ index: item.index, ...rejection });
    }
  }
  return { batch, rejected, errors };
}
