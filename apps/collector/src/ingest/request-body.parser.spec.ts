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

  it.each([[''], ['  \n ']])('refuses the empty body %j', (body) => {
    expect(() => splitRequestBody(Buffer.from(body), 'ndjson')).toThrow(IngestError);
  });
});
