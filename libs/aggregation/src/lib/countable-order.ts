/**
 * What {@link aggregateBatch} and the event-time tracker read from an order. Structural: a
 * `CoffeeOrder` of `@coffee/order-schema` whose `timestamp` is set satisfies it, without this
 * library depending on the schema.
 */
export interface CountableOrder {
  /** Real branch name; never the reserved `ALL_BRANCHES` (`*`). */
  readonly branch: string;
  /** Coffee names, one per cup (counted under `Orders`); unknown names are counted like any other. */
  readonly orders: readonly string[];
  /** Counted once per order under `PaymentMethods`. */
  readonly paymentMethod: string;
  /** Counted once per order under `CustomerAgeGrades`. */
  readonly customerAgeGrade: string;
  /** Event time, epoch ms (years 1000–9999). */
  readonly timestamp: number;
}
