import { IngestError } from './ingest.error';

/** One input of a request body: its index (array element or NDJSON line number, from 0) and raw text. */
export interface BodyItem {
  index: number;
  raw: string | Uint8Array;
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

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a);
}

/**
 * Splits a request body into inputs to validate one by one: a JSON array into its elements, a JSON
 * object (or anything that is not valid JSON, which then fails validation) into one input, NDJSON
 * into its non-blank lines.
 * @throws IngestError `EMPTY_BODY`
 */
export function splitRequestBody(body: Buffer, format: BodyFormat): BodyItem[] {
  if (isBlank(body)) {
    throw new IngestError('EMPTY_BODY', 'the request body is empty');
  }
  if (format === 'ndjson') {
    const items: BodyItem[] = [];
    let start = 0;
    for (let index = 0; start < body.length; index++) {
      const lf = body.indexOf(0x0a, start);
      const end = lf === -1 ? body.length : lf;
      const line = body.subarray(start, end);
      if (!isBlank(line)) {
        items.push({ index, raw: line });
      }
      start = end + 1;
    }
    return items;
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return [{ index: 0, raw: body }];
  }
  if (!Array.isArray(value)) {
    return [{ index: 0, raw: body }];
  }
  return value.map((element: unknown, index) => ({ index, raw: JSON.stringify(element) ?? 'undefined' }));
}
