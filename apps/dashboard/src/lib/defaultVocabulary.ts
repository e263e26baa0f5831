// Vocabulary used when `/api/config` has none (the gateway's config is preferred): the sample data's known categories.
import { AGE_GRADES, COFFEE_NAMES, PAYMENT_METHODS } from '@coffee/order-schema';
import type { Vocabulary } from './types';

export const DEFAULT_VOCABULARY: Vocabulary = {
  CustomerAgeGrades: AGE_GRADES,
  PaymentMethods: PAYMENT_METHODS,
  Orders: COFFEE_NAMES,
};
