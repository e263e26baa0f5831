// Covers stream id order: numeric, not textual; leading zeros, 20-digit parts and a missing sequence.
import { compareStreamIds } from './stream-id';

describe('compareStreamIds', () => {
  it('sorts stream ids numerically, not as text', () => {
    expect(['10-0', '9-5', '9-10', '18446744073709551615-1', '9-9'].sort(compareStreamIds)).toEqual(['9-5', '9-9', '9-10', '10-0', '18446744073709551615-1']);
    expect(['18446744073709551615-0', '18446744073709551614-18446744073709551615', '0009-1', '9-01'].sort(compareStreamIds)).toEqual([
      '0009-1',
      '9-01',
      '18446744073709551614-18446744073709551615',
      '18446744073709551615-0',
    ]);
    expect([compareStreamIds('007-3', '7-3'), compareStreamIds('7-0', '7'), compareStreamIds('7-1', '7'), compareStreamIds('1-2', '1-10')]).toEqual([0, 0, 1, -1]);
  });
});
