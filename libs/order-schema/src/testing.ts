// Test fixtures for suites that feed order lines (collector, processor): served as
// `@coffee/order-schema/testing`, never part of the main bundle.
import type { CoffeeOrder } from './lib/coffee-order';
import type { OrderErrorCode } from './lib/order-parse-error';

/** A line of the original format and the order it must parse to. */
export interface SampleOrderLine {
  readonly line: string;
  readonly order: CoffeeOrder;
}

/**
 * Nine lines exactly as the original Python generator wrote them (`json.dumps`: `", "` and `": "`
 * separators, no timestamp), in varied key orders, branches and order sizes.
 */
export const SAMPLE_ORDER_LINES: readonly SampleOrderLine[] = [
  {
    line: '{"branch": "jeongja", "orders": ["Americano", "Espresso"], "paymentMethod": "Cash", "customerAgeGrade": "2030"}',
    order: { branch: 'jeongja', orders: ['Americano', 'Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030' },
  },
  {
    line: '{"orders": ["Caffe Latte"], "branch": "seohyeon", "customerAgeGrade": "1020", "paymentMethod": "Credit"}',
    order: { branch: 'seohyeon', orders: ['Caffe Latte'], paymentMethod: 'Credit', customerAgeGrade: '1020' },
  },
  {
    line: '{"paymentMethod": "Debit", "customerAgeGrade": "4050", "branch": "sunae", "orders": ["Flat White", "Cappuccino", "Cappuccino"]}',
    order: { branch: 'sunae', orders: ['Flat White', 'Cappuccino', 'Cappuccino'], paymentMethod: 'Debit', customerAgeGrade: '4050' },
  },
  {
    line: '{"customerAgeGrade": "0010", "branch": "migeum", "orders": ["Espresso Macchiato", "Espresso con Panna", "Cafe Breve", "Caffe Mocha"], "paymentMethod": "Cash"}',
    order: {
      branch: 'migeum',
      orders: ['Espresso Macchiato', 'Espresso con Panna', 'Cafe Breve', 'Caffe Mocha'],
      paymentMethod: 'Cash',
      customerAgeGrade: '0010',
    },
  },
  {
    line: '{"branch": "jeongja", "paymentMethod": "Credit", "orders": ["Espresso"], "customerAgeGrade": "9999"}',
    order: { branch: 'jeongja', orders: ['Espresso'], paymentMethod: 'Credit', customerAgeGrade: '9999' },
  },
  {
    line: '{"branch": "seohyeon", "orders": ["Americano", "Americano", "Caffe Latte", "Flat White", "Espresso", "Cappuccino", "Caffe Mocha", "Cafe Breve", "Espresso Macchiato", "Espresso con Panna"], "paymentMethod": "Debit", "customerAgeGrade": "3040"}',
    order: {
      branch: 'seohyeon',
      orders: ['Americano', 'Americano', 'Caffe Latte', 'Flat White', 'Espresso', 'Cappuccino', 'Caffe Mocha', 'Cafe Breve', 'Espresso Macchiato', 'Espresso con Panna'],
      paymentMethod: 'Debit',
      customerAgeGrade: '3040',
    },
  },
  {
    line: '{"orders": ["Caffe Mocha", "Caffe Mocha"], "paymentMethod": "Cash", "branch": "sunae", "customerAgeGrade": "5060"}',
    order: { branch: 'sunae', orders: ['Caffe Mocha', 'Caffe Mocha'], paymentMethod: 'Cash', customerAgeGrade: '5060' },
  },
  {
    line: '{"customerAgeGrade": "8090", "paymentMethod": "Credit", "orders": ["Cafe Breve", "Americano", "Espresso con Panna", "Caffe Latte", "Flat White"], "branch": "migeum"}',
    order: {
      branch: 'migeum',
      orders: ['Cafe Breve', 'Americano', 'Espresso con Panna', 'Caffe Latte', 'Flat White'],
      paymentMethod: 'Credit',
      customerAgeGrade: '8090',
    },
  },
  {
    line: '{"branch": "jeongja", "orders": ["Cappuccino", "Espresso", "Americano", "Caffe Latte", "Espresso Macchiato", "Flat White", "Caffe Mocha"], "paymentMethod": "Debit", "customerAgeGrade": "6070"}',
    order: {
      branch: 'jeongja',
      orders: ['Cappuccino', 'Espresso', 'Americano', 'Caffe Latte', 'Espresso Macchiato', 'Flat White', 'Caffe Mocha'],
      paymentMethod: 'Debit',
      customerAgeGrade: '6070',
    },
  },
];

/** A line that must be rejected, with the code and field the rejection must carry. */
export interface InvalidOrderLine {
  readonly name: string;
  readonly line: string;
  readonly code: OrderErrorCode;
  readonly field?: string;
}

const VALID = '"branch": "jeongja", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030"';

/** Bad lines covering every error code that a string line can produce. */
export const INVALID_ORDER_LINES: readonly InvalidOrderLine[] = [
  { name: 'empty line', line: '', code: 'EMPTY_LINE' },
  { name: 'blank line', line: '   \t ', code: 'EMPTY_LINE' },
  { name: 'lone carriage return', line: '\r', code: 'EMPTY_LINE' },
  { name: 'over 64 KiB', line: `{${VALID}, "pad": "${'x'.repeat(70_000)}"}`, code: 'LINE_TOO_LONG' },
  { name: 'not JSON', line: 'branch=jeongja', code: 'INVALID_JSON' },
  { name: 'truncated JSON', line: `{${VALID}`, code: 'INVALID_JSON' },
  { name: 'single quotes', line: "{'branch': 'jeongja'}", code: 'INVALID_JSON' },
  { name: 'trailing comma', line: `{${VALID},}`, code: 'INVALID_JSON' },
  { name: 'two objects', line: `{${VALID}} {${VALID}}`, code: 'INVALID_JSON' },
  { name: 'JSON array', line: `[{${VALID}}]`, code: 'NOT_AN_OBJECT' },
  { name: 'JSON string', line: '"jeongja"', code: 'NOT_AN_OBJECT' },
  { name: 'JSON null', line: 'null', code: 'NOT_AN_OBJECT' },
  { name: 'JSON number', line: '42', code: 'NOT_AN_OBJECT' },
  { name: 'missing branch', line: '{"orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030"}', code: 'MISSING_FIELD', field: 'branch' },
  { name: 'missing orders', line: '{"branch": "jeongja", "paymentMethod": "Cash", "customerAgeGrade": "2030"}', code: 'MISSING_FIELD', field: 'orders' },
  { name: 'missing paymentMethod', line: '{"branch": "jeongja", "orders": ["Americano"], "customerAgeGrade": "2030"}', code: 'MISSING_FIELD', field: 'paymentMethod' },
  { name: 'missing customerAgeGrade', line: '{"branch": "jeongja", "orders": ["Americano"], "paymentMethod": "Cash"}', code: 'MISSING_FIELD', field: 'customerAgeGrade' },
  { name: 'empty object', line: '{}', code: 'MISSING_FIELD', field: 'branch' },
  { name: 'branch is a number', line: `{${VALID}, "branch": 7}`, code: 'INVALID_FIELD', field: 'branch' },
  { name: 'branch is null', line: `{${VALID}, "branch": null}`, code: 'INVALID_FIELD', field: 'branch' },
  { name: 'orders is a string', line: `{${VALID}, "orders": "Americano"}`, code: 'INVALID_FIELD', field: 'orders' },
  { name: 'orders item is a number', line: `{${VALID}, "orders": ["Americano", 3]}`, code: 'INVALID_FIELD', field: 'orders[1]' },
  { name: 'orders item is empty', line: `{${VALID}, "orders": [""]}`, code: 'INVALID_FIELD', field: 'orders[0]' },
  { name: 'orders item is an object', line: `{${VALID}, "orders": [{"name": "Americano"}]}`, code: 'INVALID_FIELD', field: 'orders[0]' },
  { name: 'paymentMethod is an array', line: `{${VALID}, "paymentMethod": ["Cash"]}`, code: 'INVALID_FIELD', field: 'paymentMethod' },
  { name: 'customerAgeGrade is a number', line: `{${VALID}, "customerAgeGrade": 2030}`, code: 'INVALID_FIELD', field: 'customerAgeGrade' },
  { name: 'customerAgeGrade is empty', line: `{${VALID}, "customerAgeGrade": ""}`, code: 'INVALID_FIELD', field: 'customerAgeGrade' },
  { name: 'orderId is a boolean', line: `{${VALID}, "orderId": true}`, code: 'INVALID_FIELD', field: 'orderId' },
  { name: 'empty orders', line: `{${VALID}, "orders": []}`, code: 'EMPTY_ORDERS', field: 'orders' },
  { name: 'branch with colon', line: `{${VALID}, "branch": "jeong:ja"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch with space', line: `{${VALID}, "branch": "jeong ja"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch with tab', line: `{${VALID}, "branch": "jeong\\tja"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch with star', line: `{${VALID}, "branch": "*"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch with question mark', line: `{${VALID}, "branch": "jeong?a"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch with brackets', line: `{${VALID}, "branch": "[jeongja]"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch with control char', line: `{${VALID}, "branch": "jeong\\u0000ja"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'empty branch', line: `{${VALID}, "branch": ""}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'branch over 64 chars', line: `{${VALID}, "branch": "${'b'.repeat(65)}"}`, code: 'INVALID_BRANCH', field: 'branch' },
  { name: 'timestamp is text', line: `{${VALID}, "timestamp": "yesterday"}`, code: 'INVALID_TIMESTAMP', field: 'timestamp' },
  { name: 'timestamp without zone', line: `{${VALID}, "timestamp": "2014-10-01T09:30:00"}`, code: 'INVALID_TIMESTAMP', field: 'timestamp' },
  { name: 'timestamp 30 February', line: `{${VALID}, "timestamp": "2014-02-30T09:30:00Z"}`, code: 'INVALID_TIMESTAMP', field: 'timestamp' },
  { name: 'timestamp negative', line: `{${VALID}, "timestamp": -1}`, code: 'INVALID_TIMESTAMP', field: 'timestamp' },
  { name: 'timestamp infinite', line: `{${VALID}, "timestamp": 1e400}`, code: 'INVALID_TIMESTAMP', field: 'timestamp' },
  { name: 'timestamp boolean', line: `{${VALID}, "timestamp": true}`, code: 'INVALID_TIMESTAMP', field: 'timestamp' },
];

/**
 * mulberry32: a small seeded PRNG returning floats in [0, 1), so generated test data and
 * benchmark inputs are the same on every run (and a failure is reproducible from its seed).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
