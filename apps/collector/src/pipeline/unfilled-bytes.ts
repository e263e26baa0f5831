/**
 * `size` bytes over an ArrayBuffer of their own (so transferable to a worker thread), not
 * zero-filled: for buffers whose every used byte is written before it is read. Zero-filling
 * fresh batch buffers was a measurable share of the collector's per-line cost.
 */
export function unfilledBytes(size: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}
