// Covers keySlot (CRC16 hash slots with the hash-tag rules of the Redis Cluster spec; test/cluster-key-layout.spec.ts checks it against CLUSTER KEYSLOT) and shardTag (shards spread over the slot ranges).
import { CLUSTER_SLOTS, keySlot, shardIndexOf, shardTag } from './key-slot';

describe('keySlot', () => {
  it.each([
    ['123456789', 12739],
    ['foo', 12182],
    ['{user1000}.following', keySlot('user1000')],
    ['{}foo', keySlot('{}foo')],
    ['foo{}{bar}', keySlot('foo{}{bar}')],
    ['foo{{bar}}zap', keySlot('{bar')],
    ['x{foo}y', 12182],
    ['{foo', keySlot('{foo')],
  ])('%s → slot %i', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });

  it('hashes only the tag when there is one', () => {
    expect(keySlot('a{tag}b')).toBe(keySlot('tag'));
    expect(keySlot('{}tag')).not.toBe(keySlot('tag'));
  });
});

describe('shardTag', () => {
  it.each([1, 2, 3, 6, 9, 12])('puts each of %i shards in the middle of its share of slots', (shards) => {
    const width = CLUSTER_SLOTS / shards;
    const tags = Array.from({ length: shards }, (_, shard) => shardTag(shard, shards));
    expect(new Set(tags).size).toBe(shards);
    tags.forEach((tag, shard) => {
      const slot = keySlot(`{${tag}}`);
      expect(Math.floor(slot / width)).toBe(shard);
    });
  });
});

describe('shardIndexOf', () => {
  it('is stable, in range, and 0 with one shard', () => {
    expect(shardIndexOf('/var/log/orders.txt', 1)).toBe(0);
    for (const shards of [2, 3, 6]) {
      const first = shardIndexOf('/var/log/orders.txt', shards);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(shards);
      expect(shardIndexOf('/var/log/orders.txt', shards)).toBe(first);
    }
  });

  it('spreads ids evenly over the shards (3000 ids on 3 shards: each within 10 % of a third)', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3_000; i++) {
      const shard = shardIndexOf(`request-${i}`, 3);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) {
      expect(count).toBeGreaterThan(900);
      expect(count).toBeLessThan(1_100);
    }
  });
});
