/**
 * The one table of statistic types. Every consumer derives from it: the aggregation loop (which
 * values an order contributes), the stats store (hashes per window, vocabulary exempt from the
 * per-window cap, totals returned after an apply), the live channel, the API gateway (catalog,
 * OpenAPI text, type parameters), the dashboard (cards, default vocabulary, display order) and the
 * generator's truth. Adding a statistic type is one entry here, plus what is genuinely new about it
 * (e.g. the dashboard's colours for its categories).
 *
 * The `known` lists of the original three types are the original sample data's categories, the same
 * values `@coffee/order-schema`'s `AGE_GRADES`, `PAYMENT_METHODS` and `COFFEE_NAMES` list for the
 * generator (a spec checks they agree; this library has no dependencies, so it cannot import them).
 *
 * Pure data, browser-safe. The aggregation loop specialises its code per contribution *kind*, never
 * per type, so adding an entry of an existing kind costs no new code path.
 */
/** The order fields counted once per order under their own value. */
export type OrderCategoryField = 'paymentMethod' | 'customerAgeGrade';

/**
 * How one order contributes to a statistic type:
 * - `per-cup`: one count per cup, under the cup's coffee name;
 * - `per-order`: one count per order, under the value of `field`;
 * - `cups-per-order`: one count per order, under its number of cups (`'1'`, `'2'`, …); from
 *   `overflowAt` cups on, under `` `${overflowAt}+` `` (a bounded vocabulary by construction).
 *
 * Free-text values (`per-cup`, `per-order`) longer than the aggregation's `maxCategoryLength`, or
 * beyond a stored window's cap on distinct values, are counted under `OVERFLOW_CATEGORY`.
 */
export type Contribution =
  | { readonly kind: 'per-cup' }
  | { readonly kind: 'per-order'; readonly field: OrderCategoryField }
  | { readonly kind: 'cups-per-order'; readonly overflowAt: number };

/** One statistic type. */
export interface StatisticTypeSpec {
  /** Name in keys (`<branch>:<date>:<name>`), the REST API, live packets and the dashboard. */
  readonly name: string;
  /** Human title (dashboard card, OpenAPI text). */
  readonly title: string;
  /** What one count is, plural (`orders`, `cups`). */
  readonly unit: string;
  readonly contribution: Contribution;
  /**
   * Known categories in display order: listed with 0 in history windows when absent, exempt from
   * the stored per-window cap, the dashboard's default legend order. Other values are still counted.
   */
  readonly known: readonly string[];
}

/** Labels of a `cups-per-order` contribution: `'1'` … `` `${overflowAt - 1}` ``, `` `${overflowAt}+` ``. */
export function cupsPerOrderLabels(overflowAt: number): string[] {
  return Array.from({ length: overflowAt }, (_, i) => (i + 1 < overflowAt ? String(i + 1) : `${overflowAt}+`));
}

/** Category of an order with `cups` cups under a `cups-per-order` contribution. */
export function cupsPerOrderLabel(cups: number, overflowAt: number): string {
  return cups >= overflowAt ? `${overflowAt}+` : String(cups);
}

/**
 * Every statistic type, in canonical order (the order of deltas, of the totals an apply returns and
 * of catalog listings). New types go at the end.
 */
export const STATISTIC_TYPE_TABLE = [
  {
    name: 'CustomerAgeGrades',
    title: 'Customer age grades',
    unit: 'orders',
    contribution: { kind: 'per-order', field: 'customerAgeGrade' },
    // `0010` = 0–10 years, …, `9999` = unknown.
    known: ['0010', '1020', '2030', '3040', '4050', '5060', '6070', '7080', '8090', '9999'],
  },
  {
    name: 'PaymentMethods',
    title: 'Payment methods',
    unit: 'orders',
    contribution: { kind: 'per-order', field: 'paymentMethod' },
    known: ['Cash', 'Credit', 'Debit'],
  },
  {
    name: 'Orders',
    title: 'Coffee types',
    unit: 'cups',
    contribution: { kind: 'per-cup' },
    known: ['Espresso', 'Espresso Macchiato', 'Espresso con Panna', 'Caffe Latte', 'Flat White', 'Cafe Breve', 'Cappuccino', 'Caffe Mocha', 'Americano'],
  },
  {
    name: 'OrderSizes',
    title: 'Cups per order',
    unit: 'orders',
    contribution: { kind: 'cups-per-order', overflowAt: 10 },
    known: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10+'],
  },
] as const satisfies readonly StatisticTypeSpec[];

/** Name of a statistic type of {@link STATISTIC_TYPE_TABLE}. */
export type StatisticType = (typeof STATISTIC_TYPE_TABLE)[number]['name'];

/** Every statistic type's name, in table order. */
export const STATISTIC_TYPES: readonly StatisticType[] = STATISTIC_TYPE_TABLE.map((spec) => spec.name);

/**
 * The type whose totals the original live protocol carries (`body.counts`, legacy `type` field):
 * counted once per order, so its sum is the number of orders.
 */
export const ORDER_COUNT_TYPE = 'CustomerAgeGrades' satisfies StatisticType;

const BY_NAME: ReadonlyMap<string, StatisticTypeSpec> = new Map(STATISTIC_TYPE_TABLE.map((spec) => [spec.name, spec]));

/** Whether `name` is a statistic type. */
export function isStatisticType(name: unknown): name is StatisticType {
  return typeof name === 'string' && BY_NAME.has(name);
}

/** The table entry of a statistic type. */
export function statisticTypeSpec(type: StatisticType): StatisticTypeSpec {
  return BY_NAME.get(type) as StatisticTypeSpec;
}

/** Position of a statistic type in {@link STATISTIC_TYPES} (canonical order), -1 for an unknown name. */
export function statisticTypeRank(type: string): number {
  return STATISTIC_TYPES.indexOf(type as StatisticType);
}

/** One value per statistic type, in table order: `perType((t) => new Map())`. */
export function perStatisticType<V>(make: (type: StatisticType, spec: StatisticTypeSpec) => V): Record<StatisticType, V> {
  const out = {} as Record<StatisticType, V>;
  for (const spec of STATISTIC_TYPE_TABLE) {
    out[spec.name] = make(spec.name, spec);
  }
  return out;
}

/**
 * The categories one order contributes to `spec`, one entry per count (a value appears once per cup
 * for `per-cup`). Plain and unoptimised: for oracles, tests and one-off tools; `aggregateBatch` has
 * its own specialised loop.
 */
export function categoriesOf(spec: StatisticTypeSpec, order: { readonly orders: readonly string[]; readonly paymentMethod: string; readonly customerAgeGrade: string }): readonly string[] {
  const contribution = spec.contribution;
  switch (contribution.kind) {
    case 'per-cup':
      return order.orders;
    case 'per-order':
      return [order[contribution.field]];
    case 'cups-per-order':
      return [cupsPerOrderLabel(order.orders.length, contribution.overflowAt)];
  }
}
