// Test support: the code of the AggregationError a call throws.
import { AggregationError, type AggregationErrorCode } from '../../src';

/** Runs `fn` and returns the code of the AggregationError it throws; fails when it throws nothing or something else. */
export function errorCode(fn: () => unknown): AggregationErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof AggregationError) {
      return error.code;
    }
    throw error;
  }
  throw new Error('expected an AggregationError, but nothing was thrown');
}
