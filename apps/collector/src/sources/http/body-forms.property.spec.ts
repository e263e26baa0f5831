// Covers the same-verdict property: generated orders (valid and hostile) sent alone, as array elements and as NDJSON lines get identical verdicts and identical stored lines.
import { asArrayBody, asNdjsonBody, asSingleBody, generateInput, seededRandom } from '../../../test/support/hostile-orders';
import { OrderBatch } from '../../pipeline/order-batch';
import { splitRequestBody, type BodyFormat } from './request-body.parser';
import { validateInputs } from './validate-inputs';

const MAX_LINE_BYTES = 8_192;
const OPTIONS = { requestId: 'r', maxLineBytes: MAX_LINE_BYTES, maxJsonDepth: 16, maxRejected: 1_000_000, maxErrorsListed: 1_000_000 };

/** Per input: the stored line when accepted, else the error code and message. */
function verdicts(body: Buffer, format: BodyFormat): string[] {
  const items = splitRequestBody(body, format);
  const { batch, errors } = validateInputs(items, new OrderBatch({ source: 'http', receivedAt: 1_700_000_000_000, maxLineBytes: MAX_LINE_BYTES }), OPTIONS);
  const accepted = [...batch.lines];
  const rejectedAt = new Map(errors.map((error) => [error.index, `${error.code} ${error.message}`]));
  return items.map((item) => rejectedAt.get(item.index) ?? `OK ${accepted.shift() ?? '?'}`);
}

describe('one verdict per order, whatever the body form', () => {
  it.each([[1], [2], [3], [4], [5], [6], [7], [8]])('seed %i: 300 generated inputs alone, in one array and in one NDJSON body', (seed) => {
    const random = seededRandom(seed);
    const inputs = Array.from({ length: 300 }, () => generateInput(random, MAX_LINE_BYTES));
    const single = inputs.flatMap((input) => verdicts(asSingleBody(input, random() < 0.2), 'json'));
    const array = verdicts(asArrayBody(random, inputs, random() < 0.5), 'json');
    const ndjson = verdicts(asNdjsonBody(inputs, random() < 0.5), 'ndjson');
    expect(array).toEqual(single);
    expect(ndjson).toEqual(single);
    // The generator does reach the hostile cases.
    expect(single.some((v) => v.startsWith('OK'))).toBe(true);
    expect(single.filter((v) => !v.startsWith('OK')).length).toBeGreaterThan(50);
  });

  it.each([
    ['a 1e400 timestamp', Buffer.from('{"branch":"b","orders":["x"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":1e400}'), 'INVALID_TIMESTAMP'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"branch":"'), Buffer.from([0xff]), Buffer.from('","orders":["x"],"paymentMethod":"Cash","customerAgeGrade":"2030"}')]), 'INVALID_UTF8'],
    ['nesting 3 000 deep', Buffer.from(`{"branch":"b","orders":["x"],"paymentMethod":"Cash","customerAgeGrade":"2030","x":${'['.repeat(3_000)}${']'.repeat(3_000)}}`), 'TOO_DEEP'],
  ])('rejects %s identically in the three forms', (_name, input, code) => {
    const random = seededRandom(99);
    const valid = Buffer.from('{"branch":"b","orders":["x"],"paymentMethod":"Cash","customerAgeGrade":"2030"}');
    expect(verdicts(asSingleBody(input, false), 'json')[0]).toMatch(new RegExp(`^${code} `));
    expect(verdicts(asArrayBody(random, [valid, input, valid], false), 'json').map((v) => v.split(' ')[0])).toEqual(['OK', code, 'OK']);
    expect(verdicts(asNdjsonBody([valid, input, valid], false), 'ndjson').map((v) => v.split(' ')[0])).toEqual(['OK', code, 'OK']);
  });
});
