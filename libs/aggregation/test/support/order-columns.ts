// Test support: orders as CountableColumns, the form a compact entry decoder hands over.
import type { CountableColumns, CountableOrder } from '../../src';

/**
 * `orders` as columns. With `duplicate`, every string appears twice in the table (the second copy
 * used from the middle of the batch on), as columns from several entries may hold it.
 */
export function toColumns(orders: readonly CountableOrder[], duplicate = false): CountableColumns {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const idOf = (value: string, second: boolean): number => {
    const key = `${second ? 1 : 0}${value}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = strings.length;
      ids.set(key, id);
      strings.push(value);
    }
    return id;
  };
  const n = orders.length;
  const branch = new Int32Array(n);
  const paymentMethod = new Int32Array(n);
  const customerAgeGrade = new Int32Array(n);
  const timestamp = new Float64Array(n);
  const cupEnds = new Int32Array(n);
  const cups: number[] = [];
  orders.forEach((order, i) => {
    const second = duplicate && i >= n / 2;
    branch[i] = idOf(order.branch, second);
    paymentMethod[i] = idOf(order.paymentMethod, second);
    customerAgeGrade[i] = idOf(order.customerAgeGrade, second);
    timestamp[i] = order.timestamp;
    for (const cup of order.orders) {
      cups.push(idOf(cup, second));
    }
    cupEnds[i] = cups.length;
  });
  return { kind: 'countable-columns', length: n, strings, branch, paymentMethod, customerAgeGrade, timestamp, cupEnds, cups: Int32Array.from(cups) };
}
