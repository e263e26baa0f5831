/**
 * Known vocabularies of the sample data: what the generator draws from and what the dashboard
 * lists first. Values outside these lists are still valid order data, never parse errors.
 */

/** Branches (shops) of the original sample data. */
export const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'] as const;

/** The nine coffee names of the original menu. */
export const COFFEE_NAMES = [
  'Espresso',
  'Espresso Macchiato',
  'Espresso con Panna',
  'Caffe Latte',
  'Flat White',
  'Cafe Breve',
  'Cappuccino',
  'Caffe Mocha',
  'Americano',
] as const;

/** Payment methods of the original sample data. */
export const PAYMENT_METHODS = ['Cash', 'Credit', 'Debit'] as const;

/** Customer age grades of the original sample data (`0010` = 0–10 years, …, `9999` = unknown). */
export const AGE_GRADES = ['0010', '1020', '2030', '3040', '4050', '5060', '6070', '7080', '8090', '9999'] as const;

/** A branch of the sample data. */
export type KnownBranch = (typeof BRANCHES)[number];
/** A coffee name of the original menu. */
export type KnownCoffeeName = (typeof COFFEE_NAMES)[number];
/** A payment method of the sample data. */
export type KnownPaymentMethod = (typeof PAYMENT_METHODS)[number];
/** A customer age grade of the sample data. */
export type KnownAgeGrade = (typeof AGE_GRADES)[number];
