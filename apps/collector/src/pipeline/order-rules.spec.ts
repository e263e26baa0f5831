// Covers the collector's order rules (MAX_FUTURE_SKEW_SECONDS, DEFAULT_BRANCH, BRANCH_ALLOWLIST, reserved names): the file path (validateLines, fast and general) and the HTTP/legacy path (OrderBatch) give the same verdict.
import { decodeLines } from '../../test/support/order-lines';
import { OrderBatch } from './order-batch';
import { validateLines, type OrderRuleSettings } from './validate-lines';

const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);
const canonical = (fields: string): string => `{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"${fields}}`;
const spaced = (fields: string): string => `{"branch": "sunae", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030"${fields}}`;
const noBranch = '{"customerAgeGrade": "1020", "paymentMethod": "Cash", "orders": ["Americano", "Espresso"]}';

/** The verdict of the file path: `ok <stream line>` or the code. */
function viaFile(line: string, rules: OrderRuleSettings): string {
  const bytes = new Uint8Array(Buffer.from(`${line}\n`));
  const result = validateLines({ bytes, starts: Int32Array.of(0), ends: Int32Array.of(bytes.length - 1), receivedAt: NOW, maxLineBytes: 1000, ...rules });
  return result.rejected.length > 0 ? (result.rejected[0]?.code ?? '') : `ok ${decodeLines(result.lines)[0] ?? ''}`;
}

/** The verdict of the HTTP and legacy-list path. */
function viaBatch(line: string, rules: OrderRuleSettings): string {
  const batch = new OrderBatch({ ...rules, source: 'http', maxLineBytes: 1000, receivedAt: NOW });
  const rejection = batch.add(line, 'p');
  return rejection !== undefined ? rejection.code : `ok ${batch.lines[0] ?? ''}`;
}

describe('collector order rules', () => {
  it.each<[string, string, OrderRuleSettings, string]>([
    ['canonical, on time', canonical(`,"timestamp":${NOW}`), {}, `ok ${canonical(`,"timestamp":${NOW}`)}`],
    ['canonical, at the default skew', canonical(`,"timestamp":${NOW + 300_000}`), {}, `ok ${canonical(`,"timestamp":${NOW + 300_000}`)}`],
    ['canonical, 1 ms past the default skew', canonical(`,"timestamp":${NOW + 300_001}`), {}, 'TIMESTAMP_OUT_OF_RANGE'],
    ['canonical, far future', canonical(',"timestamp":253402041600000'), {}, 'TIMESTAMP_OUT_OF_RANGE'],
    ['canonical, past the fixed range', canonical(',"timestamp":8640000000000000'), {}, 'INVALID_TIMESTAMP'],
    ['general, ISO far future', spaced(', "timestamp": "9999-12-29T00:00:00Z"'), {}, 'TIMESTAMP_OUT_OF_RANGE'],
    ['general, 61 s ahead with a 60 s skew', spaced(`, "timestamp": ${NOW + 61_000}`), { maxFutureSkewMs: 60_000 }, 'TIMESTAMP_OUT_OF_RANGE'],
    ['a year old (late, accepted)', canonical(`,"timestamp":${NOW - 365 * 86_400_000}`), {}, `ok ${canonical(`,"timestamp":${NOW - 365 * 86_400_000}`)}`],
    ['no branch, DEFAULT_BRANCH unset', noBranch, {}, 'MISSING_FIELD'],
    ['no branch, DEFAULT_BRANCH set', noBranch, { defaultBranch: 'main' }, `ok {"branch":"main","orders":["Americano","Espresso"],"paymentMethod":"Cash","customerAgeGrade":"1020","timestamp":${NOW}}`],
    ['canonical branch all', canonical('').replace('sunae', 'all'), {}, 'INVALID_BRANCH'],
    ['general branch all', spaced('').replace('sunae', 'all'), {}, 'INVALID_BRANCH'],
    ['canonical branch not allow-listed', canonical(''), { branchAllowlist: ['jeongja'] }, 'INVALID_BRANCH'],
    ['general branch not allow-listed', spaced(''), { branchAllowlist: ['jeongja'] }, 'INVALID_BRANCH'],
    ['canonical branch allow-listed', canonical(''), { branchAllowlist: ['sunae'] }, `ok ${canonical(`,"timestamp":${NOW}`)}`],
    ['branch __proto__', canonical('').replace('sunae', '__proto__'), {}, `ok ${canonical(`,"timestamp":${NOW}`).replace('sunae', '__proto__')}`],
  ])('%s', (_name, line, rules, expected) => {
    expect(viaFile(line, rules)).toBe(expected);
    expect(viaBatch(line, rules)).toBe(expected);
  });

  it('tells in the dead letter that DEFAULT_BRANCH would accept a line without a branch', () => {
    const batch = new OrderBatch({ source: 'http', maxLineBytes: 1000, receivedAt: NOW });
    batch.add(noBranch, 'p');
    expect(batch.deadLetters[0]?.message).toContain('DEFAULT_BRANCH');
    const bytes = new Uint8Array(Buffer.from(noBranch));
    const file = validateLines({ bytes, starts: Int32Array.of(0), ends: Int32Array.of(bytes.length), receivedAt: NOW, maxLineBytes: 1000 });
    expect(file.rejected[0]?.message).toBe(batch.deadLetters[0]?.message);
  });
});
