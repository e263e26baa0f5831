/**
 * A run of orders as columns of ids, what {@link aggregateColumns} counts without an object per
 * order: order `i` is `branch[i]`, `paymentMethod[i]`, `customerAgeGrade[i]` (ids into `strings`),
 * `timestamp[i]` (epoch ms) and the coffee ids `cups[cupEnds[i - 1] ?? 0 .. cupEnds[i])`. Structural,
 * like {@link CountableOrder}: `@coffee/order-schema`'s `OrderColumns` (filled by its compact entry
 * decoder) satisfies it, without this library depending on the schema. Only the first `length`
 * items of each column are read (columns may be longer, as reusable buffers are).
 */
export interface CountableColumns {
  /** Tells columns from an iterable of orders. */
  readonly kind: 'countable-columns';
  /** Orders. */
  readonly length: number;
  /** The values the ids name. Ids are indexes: every id must be `< strings.length`. */
  readonly strings: readonly string[];
  readonly branch: ArrayLike<number>;
  readonly paymentMethod: ArrayLike<number>;
  readonly customerAgeGrade: ArrayLike<number>;
  /** Event time, epoch ms. */
  readonly timestamp: ArrayLike<number>;
  /** End (exclusive) in `cups` of each order's coffee ids; the first order's start at 0. */
  readonly cupEnds: ArrayLike<number>;
  /** Coffee ids, one per cup, order after order. */
  readonly cups: ArrayLike<number>;
}
