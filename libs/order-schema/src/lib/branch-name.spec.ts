// Covers isValidBranchName: length limits and every forbidden character class.
import { BRANCHES } from './order-vocabularies';
import { isValidBranchName } from './branch-name';

describe('isValidBranchName', () => {
  it.each(BRANCHES.map((b) => [b]))('accepts the sample branch %s', (branch) => {
    expect(isValidBranchName(branch)).toBe(true);
  });

  it.each([['a'], ['b'.repeat(64)], ['Gangnam-2'], ['store_01.b'], ['정자'], ['café'], ['{}'], ['a/b']])('accepts %p', (name) => {
    expect(isValidBranchName(name)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'b'.repeat(65)],
    ['colon', 'a:b'],
    ['space', 'a b'],
    ['tab', 'a\tb'],
    ['newline', 'a\n'],
    ['NUL', '\u0000'],
    ['DEL', 'a\u007f'],
    ['C1 control', 'a\u0085'],
    ['no-break space', 'a\u00a0b'],
    ['ideographic space', 'a\u3000b'],
    ['line separator', 'a\u2028b'],
    ['byte order mark', '\ufeffa'],
    ['star (the all-branches name)', '*'],
    ['question mark', 'a?'],
    ['opening bracket', '[a'],
    ['closing bracket', 'a]'],
    ['backslash (glob escape)', 'a\\b'],
    ['the reserved name all', 'all'],
  ])('rejects a name with %s', (_why, name) => {
    expect(isValidBranchName(name)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isValidBranchName(42 as unknown as string)).toBe(false);
  });
});
