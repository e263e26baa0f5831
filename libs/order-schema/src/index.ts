export type { CoffeeOrder } from './lib/coffee-order';
export { parseOrderLine, DEFAULT_MAX_LINE_BYTES } from './lib/parse-order-line';
export type { ParseOrderLineOptions } from './lib/parse-order-line';
export { ORDER_ERROR_CODES } from './lib/order-parse-error';
export type { OrderErrorCode, OrderParseError, ParseResult } from './lib/order-parse-error';
export { scanCanonicalOrderBytes, CanonicalOrderFields, NOT_CANONICAL, HAS_TIMESTAMP } from './lib/scan-canonical-order-bytes';
export { OrderValueInterner, NOT_A_VALUE, NOT_INTERNED, DEFAULT_INTERNER_BYTES } from './lib/order-value-interner';
export { CanonicalOrderDecoder } from './lib/canonical-order-decoder';
export { serializeOrder } from './lib/serialize-order';
export { CompactOrderWriter } from './lib/compact-order-writer';
export { CompactEntryDecoder } from './lib/compact-entry-decoder';
export { OrderColumns } from './lib/order-columns';
export {
  CompactEntryError,
  isCompactEntry,
  COMPACT_ENTRY_MAGIC,
  COMPACT_ENTRY_VERSION,
  DEFAULT_COMPACT_ORDERS_PER_ENTRY,
  MAX_COMPACT_DICTIONARY,
} from './lib/compact-order-entries';
export type { CompactOrderEntries, TimedCoffeeOrder } from './lib/compact-order-entries';
export { isValidBranchName, MAX_BRANCH_NAME_LENGTH, RESERVED_BRANCH_NAMES } from './lib/branch-name';
export { parseOrderTimestamp, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from './lib/order-timestamp';
export { checkOrderTime, DEFAULT_MAX_FUTURE_SKEW_MS } from './lib/order-time-rule';
export { BRANCHES, COFFEE_NAMES, PAYMENT_METHODS, AGE_GRADES } from './lib/order-vocabularies';
export type { KnownBranch, KnownCoffeeName, KnownPaymentMethod, KnownAgeGrade } from './lib/order-vocabularies';
