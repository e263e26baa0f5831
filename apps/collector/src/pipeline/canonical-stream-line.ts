/**
 * Exactly the lines `serializeOrder` writes when no string needs an escape: the known keys in
 * their order, compact, strings without `"` or `\`, the timestamp as plain digits, the orderId as
 * a string. Control characters are not excluded here: the line must already have been accepted
 * by `parseOrderLine`, and JSON strings cannot hold them raw.
 */
const CANONICAL =
  /^\{"branch":"[^"\\]*","orders":\["[^"\\]*"(?:,"[^"\\]*")*\],"paymentMethod":"[^"\\]*","customerAgeGrade":"[^"\\]*"(,"timestamp":(?:0|[1-9]\d*))?(,"orderId":"[^"\\]*")?\}$/;

/**
 * The stream line for an order line that `parseOrderLine` accepted, without re-serializing it,
 * or undefined when the line is not already in `serializeOrder`'s form (the caller then
 * serializes the parsed order).
 *
 * Why it equals `serializeOrder(order)` (with `order.timestamp ??= receivedAt`): a line matching
 * {@link CANONICAL} that parsed holds each string value literally (no escapes, and the line was
 * strict UTF-8 so it has no lone surrogate, the only other thing `JSON.stringify` escapes), keys
 * in `serializeOrder`'s order with nothing else in between, and a timestamp in digits that parses
 * to an integer in 0..8.64e15 (exact in a double, so `JSON.stringify` gives the same digits back).
 *
 * @param stamp `JSON.stringify(receivedAt)`, added when the line has no timestamp
 */
export function canonicalStreamLine(line: string, stamp: string): string | undefined {
  const match = CANONICAL.exec(line);
  if (match === null) {
    return undefined;
  }
  if (match[1] !== undefined) {
    return line;
  }
  // Without a timestamp: the receive time goes in before the orderId, if any, else before the `}`.
  const cut = line.length - 1 - (match[2] === undefined ? 0 : match[2].length);
  return line.slice(0, cut) + ',"timestamp":' + stamp + line.slice(cut);
}
