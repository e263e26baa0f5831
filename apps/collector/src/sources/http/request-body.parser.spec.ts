// Covers how POST /orders bodies are typed and split: content types, JSON object/array/invalid, NDJSON lines.
import { IngestError } from './ingest.error';
import { bodyFormatOf, splitRequestBody, type BodyItem } from './request-body.parser';

function texts(items: BodyItem[]): [number, string][] {
  return items.map((item) => [item.index, typeof item.raw === 'string' ? item.raw : Buffer.from(item.raw).toString('utf8')]);
}

describe('bodyFormatOf', () => {
  it.each([
    ['application/json', 'json'],
    ['Application/JSON; charset=UTF-8', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson; charset="utf-8"', 'ndjson'],
  ])('%s → %s', (type, format) => {
    expect(bodyFormatOf(type)).toBe(format);
  });

  it.each([[undefined], ['text/plain'], ['application/json; charset=latin1'], ['multipart/form-data']])('refuses %j', (type) => {
    expect(() => bodyFormatOf(type)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });
});

describe('splitRequestBody', () => {
  it('keeps a JSON object as one input', () => {
    expect(texts(splitRequestBody(Buffer.from('{ "a": 1 }'), 'json'))).toEqual([[0, '{ "a": 1 }']]);
  });

  it('splits a JSON array into its elements', () => {
    expect(texts(splitRequestBody(Buffer.from('[{"a":1}, 2, null]'), 'json'))).toEqual([[0, '{"a":1}'], [1, '2'], [2, 'null']]);
  });

  it('keeps invalid JSON as one input, to be rejected by validation', () => {
    expect(texts(splitRequestBody(Buffer.from('[{"a":'), 'json'))).toEqual([[0, '[{"a":']]);
  });

  it('splits NDJSON into lines indexed by line number, skipping blank ones', () => {
    expect(texts(splitRequestBody(Buffer.from('a\n\n b\r\n\t\nc'), 'ndjson'))).toEqual([[0, 'a'], [2, ' b\r'], [4, 'c']]);
  });

  it.each([[''], ['  \n '], ['\ufeff']])('refuses the empty body %j', (body) => {
    expect(() => splitRequestBody(Buffer.from(body), 'ndjson')).toThrow(IngestError);
  });

  it('takes array elements as views of the body, never re-serialized', () => {
    const body = Buffer.from('[ {"t": 1e400} , "\\u005d" ,{"a":[1,{"b":"]},"}]}\t]');
    expect(texts(splitRequestBody(body, 'json'))).toEqual([[0, '{"t": 1e400}'], [1, '"\\u005d"'], [2, '{"a":[1,{"b":"]},"}]}']]);
    expect(splitRequestBody(body, 'json')[0].raw.buffer).toBe(body.buffer);
  });

  it.each([['json', '\ufeff[{"a":1},{"b":2}]', [[0, '{"a":1}'], [1, '{"b":2}']]], ['json', '\ufeff {"a":1}', [[0, ' {"a":1}']]], ['ndjson', '\ufeff{"a":1}\n\ufeff{"b":2}', [[0, '{"a":1}'], [1, '\ufeff{"b":2}']]]] as const)(
    'skips one byte order mark at the very start (%s %j)',
    (format, body, expected) => {
      expect(texts(splitRequestBody(Buffer.from(body), format))).toEqual(expected);
    },
  );

  it.each([['[1,,2]'], ['[1,]'], ['[,1]'], ['[1'], ['[1}'], ['["a]'], ['[1] x'], ['[{"a":1}}, 2]']])('keeps the broken array %j as one input, to be rejected by validation', (body) => {
    expect(texts(splitRequestBody(Buffer.from(body), 'json'))).toEqual([[0, body]]);
  });

  it('takes [] as no input', () => {
    expect(splitRequestBody(Buffer.from(' [ ] '), 'json')).toEqual([]);
  });

  it.each([
    ['json', '[1,2,3,4]'],
    ['ndjson', '1\n2\n\n3\n4\n'],
  ] as const)('refuses more than maxInputs inputs (%s) with TOO_MANY_INPUTS', (format, body) => {
    expect(splitRequestBody(Buffer.from(body), format, 4)).toHaveLength(4);
    expect(() => splitRequestBody(Buffer.from(body), format, 3)).toThrow(expect.objectContaining({ code: 'TOO_MANY_INPUTS' }));
  });
});
