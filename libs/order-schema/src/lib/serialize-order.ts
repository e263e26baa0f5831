import type { CoffeeOrder } from './coffee-order';

/**
 * Writes an order as one compact JSON line (no `\n`), keys in the original order: `branch`,
 * `orders`, `paymentMethod`, `customerAgeGrade`, then `timestamp` (epoch ms) and `orderId` when
 * present. Any other property of the object is left out. For a valid order,
 * `parseOrderLine(serializeOrder(order))` gives the same order back.
 *
 * @example
 * serializeOrder({ branch: 'sunae', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030' });
 * // '{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'
 */
export function serializeOrder(order: CoffeeOrder): string {
  let line =
    '{"branch":' +
    JSON.stringify(order.branch) +
    ',"orders":' +
    JSON.stringify(order.orders) +
    ',"paymentMethod":' +
    JSON.stringify(order.paymentMethod) +
    ',"customerAgeGrade":' +
    JSON.stringify(order.customerAgeGrade);
  if (order.timestamp !== undefined) {
    line += ',"timestamp":' + JSON.stringify(order.timestamp);
  }
  if (order.orderId !== undefined) {
    line += ',"orderId":' + JSON.stringify(order.orderId);
  }
  return line + '}';
}
