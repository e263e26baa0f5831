// Test support: the message of the InvalidParameterError a call throws (fails the test when it throws nothing or something else).
import { InvalidParameterError } from '../../src/http/invalid-parameter.error';

export function invalidParameterMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidParameterError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected an InvalidParameterError');
}
