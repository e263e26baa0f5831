/** Number of hash slots of a Redis Cluster. */
export const CLUSTER_SLOTS = 16_384;

const TABLE: readonly number[] = (() => {
  const table: number[] = [];
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table.push(crc);
  }
  return table;
})();

/**
 * The Redis Cluster hash slot of a key (CRC16-CCITT/XMODEM of the key, or of its hash tag — the
 * text between the first `{` and the next `}` when that is not empty — modulo 16384), as
 * `CLUSTER KEYSLOT` answers. Keys are UTF-8 encoded. Pure.
 */
export function keySlot(key: string): number {
  const bytes = new TextEncoder().encode(key);
  let start = 0;
  let end = bytes.length;
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc % CLUSTER_SLOTS;
}

/**
 * The hash tag of order shard `shard` of `shards`: `o<shard>` or `o<shard>.<n>` with the smallest
 * n whose slot lies in the middle half of the shard's even share of the 16384 slots. `redis-cli
 * --cluster create` splits slots evenly among masters, so with `shards` a multiple of the number of
 * masters every master holds the same number of shards. Deterministic: every app computes the same tags.
 */
export function shardTag(shard: number, shards: number): string {
  const low = (shard * CLUSTER_SLOTS) / shards;
  const width = CLUSTER_SLOTS / shards;
  for (let n = 0; ; n++) {
    const tag = n === 0 ? `o${shard}` : `o${shard}.${n}`;
    const offset = keySlot(`{${tag}}`) - low;
    if (offset >= width / 4 && offset < (3 * width) / 4) {
      return tag;
    }
  }
}

/**
 * The order shard (`0..shards-1`) that a source or request commits into, from a stable id: a file's
 * configured path, a spooled file's source id, the digest of an HTTP request's idempotency key. The
 * same id always lands on the same shard, so a file's committed offset and a request's receipt stay
 * in the slot of the stream its entries went to (and a retried request finds its receipt). FNV-1a
 * (32 bit) of the id's UTF-8 bytes, modulo `shards`. Pure; `shards` 1 → always 0.
 */
export function shardIndexOf(id: string, shards: number): number {
  if (shards <= 1) {
    return 0;
  }
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash % shards;
}
