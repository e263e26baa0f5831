/**
 * One validated coffee order, as parsed from an order line.
 *
 * The original line format has only `branch`, `orders`, `paymentMethod` and `customerAgeGrade`;
 * `timestamp` and `orderId` are optional additions so original lines stay valid.
 */
export interface CoffeeOrder {
  /** Branch (shop) name: 1..64 chars, no `:`, whitespace, control or glob characters (`*?[]`). */
  branch: string;
  /** Coffee names, one per cup, at least one; repeats allowed; unknown names are data, not errors. */
  orders: string[];
  /** `Cash`, `Credit`, `Debit` in the sample data; unknown values are data. */
  paymentMethod: string;
  /** `0010` … `9999` in the sample data; unknown values are data. */
  customerAgeGrade: string;
  /** Event time, epoch milliseconds (normalised from ISO 8601 or epoch ms). Absent until stamped. */
  timestamp?: number;
  /** Optional producer-assigned id. */
  orderId?: string;
}
