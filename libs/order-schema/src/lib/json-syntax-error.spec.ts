// Covers findJsonSyntaxError: the offset and reason of the first syntax error, and deep nesting.
import { findJsonSyntaxError } from './json-syntax-error';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{}'],
    ['[]'],
    [' [1, -2.5e+3, 0, 0.1, 1E9, true, false, null, "", "\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"] '],
    ['{"a": {"b": [{"c": []}]}}'],
    ['"text"'],
    ['-0'],
  ])('finds no error in %s', (text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['', 0, 'unexpected end of line'],
    ['{', 1, "expected a property name in double quotes, unexpected end of line"],
    ['{"a"', 4, "expected ':' after property name, unexpected end of line"],
    ['{"a":', 5, 'unexpected end of line'],
    ['{"a":1', 6, "expected ',' or '}', unexpected end of line"],
    ['{"a":1,}', 7, "expected a property name in double quotes, unexpected character '}'"],
    ['[1,]', 3, "unexpected character ']'"],
    ['[1 2]', 3, "expected ',' or ']', unexpected character '2'"],
    ['{"a":1]', 6, "expected ',' or '}', unexpected character ']'"],
    ['["a\tb"]', 3, 'control character in string'],
    ['["\\x"]', 3, 'invalid escape in string'],
    ['["\\u12G4"]', 6, 'invalid \\u escape in string'],
    ['["abc', 5, 'unterminated string'],
    ['-', 1, 'invalid number: unexpected end of line'],
    ['01', 1, "unexpected character '1' after the JSON value"],
    ['1.e5', 2, "invalid number: unexpected character 'e'"],
    ['1e+', 3, 'invalid number: unexpected end of line'],
    ['tru', 3, 'unexpected end of line'],
    ['nul1', 3, "unexpected character '1'"],
    ['\ufeff{}', 0, 'unexpected character U+FEFF'],
    ['{"a":1}\u0000', 7, 'unexpected character U+0000 after the JSON value'],
    ["{'a':1}", 1, "expected a property name in double quotes, unexpected character \"'\""],
  ])('%p fails at offset %i: %s', (text, offset, reason) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ offset, reason });
  });

  it('handles nesting far deeper than the call stack allows', () => {
    const depth = 200_000;
    expect(findJsonSyntaxError('['.repeat(depth) + ']'.repeat(depth))).toBeUndefined();
    expect(findJsonSyntaxError('['.repeat(depth))).toEqual({ offset: depth, reason: 'unexpected end of line' });
  });
});
