// Covers the byte scanners behind array bodies: element ranges of a top-level array and the nesting-depth check.
import { nestsDeeperThan, splitJsonArray } from './json-bytes.scanner';

function elements(text: string, max = 100): string[] | string {
  const bytes = Buffer.from(text);
  const result = splitJsonArray(bytes, text.indexOf('['), bytes.length, max);
  return typeof result === 'string' ? result : result.map((range) => bytes.subarray(range.start, range.end).toString());
}

describe('splitJsonArray', () => {
  it.each([
    ['[]', []],
    ['[1]', ['1']],
    [' [ 1 , "a,b" ,\n{"c":[1,2]} ] \n', ['1', '"a,b"', '{"c":[1,2]}']],
    ['["\\"]", "\\\\"]', ['"\\"]"', '"\\\\"']],
    ['[1 2]', ['1 2']],
    ['[{]]', ['{]']],
    [`[${'['.repeat(10_000)}${']'.repeat(10_000)}]`, [`${'['.repeat(10_000)}${']'.repeat(10_000)}`]],
  ])('%j → %j', (text, expected) => {
    expect(elements(text)).toEqual(expected);
  });

  it.each([['['], ['[1'], ['[1,'], ['[,]'], ['[1,]'], ['[}'], ['[1}]'], ['[{]}]'], ['["a]'], ['[1]]'], ['[1] 2']])('%j is MALFORMED', (text) => {
    expect(elements(text)).toBe('MALFORMED');
  });

  it('stops at the first element beyond the limit', () => {
    expect(elements('[1,2,3]', 3)).toEqual(['1', '2', '3']);
    expect(elements('[1,2,3,4,5]', 3)).toBe('TOO_MANY_ELEMENTS');
  });
});

describe('nestsDeeperThan', () => {
  it.each([
    ['{}', 1, false],
    ['{"orders":["x"]}', 2, false],
    ['{"orders":["x"]}', 1, true],
    ['{"a":"[[[[[[["}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    [`${'['.repeat(100_000)}`, 16, true],
    ['[][][][][]', 1, false],
  ])('%j deeper than %i: %s', (text, limit, expected) => {
    const bytes = Buffer.from(text);
    expect(nestsDeeperThan(bytes, 0, bytes.length, limit)).toBe(expected);
  });
});
