import { IngestError } from './ingest.error';
import { isJsonSpace, splitJsonArray } from './json-bytes.scanner';

/** One input of a request body: its index (array element or NDJSON line number, from 0) and raw text. */
export interface BodyItem {
  index: number;
  /** The input's bytes: a view of the request body. */
  raw: Uint8Array;
}

/** Body formats `POST /orders` takes. */
export type BodyFormat = 'json' | 'ndjson';

const FORMATS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
};

/**
 * The body format of a `Content-Type` header (`application/json` or `application/x-ndjson`, UTF-8).
 * @throws IngestError `UNSUPPORTED_MEDIA_TYPE`
 */
export function bodyFormatOf(contentType: string | undefined): BodyFormat {
  const [mediaType = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const format = FORMATS[mediaType];
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (format === undefined || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new IngestError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json or application/x-ndjson (UTF-8), got ${contentType === undefined ? 'none' : JSON.stringify(contentType)}`);
  }
  return format;
}

/** The UTF-8 byte order mark, accepted once at the very start of a body. */
const BOM = [0xef, 0xbb, 0xbf];

function isBlank(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) {
    if (!isJsonSpace(bytes[i])) {
      return false;
    }
  }
  return true;
}

function tooManyInputs(maxInputs: number): IngestError {
  return new IngestError('TOO_MANY_INPUTS', `the body holds more than ${maxInputs} inputs (MAX_INPUTS_PER_REQUEST); split it into smaller requests; nothing was stored`);
}

/**
 * Splits a request body into inputs to validate one by one, each a view of the body's own bytes
 * (nothing re-serialized, nothing copied): a JSON array into its elements (see `splitJsonArray`), a
 * JSON object or anything else into one input (what is not valid JSON then fails validation, and so
 * does an array that is broken as a whole), NDJSON into its non-blank lines. A UTF-8 byte order mark
 * at the very start of the body is skipped (once).
 * @throws IngestError `EMPTY_BODY`; `TOO_MANY_INPUTS` beyond `maxInputs` inputs
 */
export function splitRequestBody(body: Uint8Array, format: BodyFormat, maxInputs = Number.MAX_SAFE_INTEGER): BodyItem[] {
  const from = body[0] === BOM[0] && body[1] === BOM[1] && body[2] === BOM[2] ? 3 : 0;
  if (isBlank(body, from)) {
    throw new IngestError('EMPTY_BODY', 'the request body is empty');
  }
  if (format === 'ndjson') {
    const items: BodyItem[] = [];
    let start = from;
    for (let index = 0; start < body.length; index++) {
      let end = body.indexOf(0x0a, start);
      if (end === -1) {
        end = body.length;
      }
      if (!isBlank(body, start, end)) {
        if (items.length === maxInputs) {
          throw tooManyInputs(maxInputs);
        }
        items.push({ index, raw: body.subarray(start, end) });
      }
      start = end + 1;
    }
    return items;
  }
  let open = from;
  while (isJsonSpace(body[open])) {
    open++;
  }
  if (body[open] !== 0x5b) {
    return [{ index: 0, raw: body.subarray(from) }];
  }
  const elements = splitJsonArray(body, open, body.length, maxInputs);
  if (elements === 'TOO_MANY_ELEMENTS') {
    throw tooManyInputs(maxInputs);
  }
  if (elements === 'MALFORMED') {
    return [{ index: 0, raw: body.subarray(from) }];
  }
  return elements.map((range, index) => ({ index, raw: body.subarray(range.start, range.end) }));
}
