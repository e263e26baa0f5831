// Covers parseOrderLine's configurable rules: the clock-relative order-time rule, DEFAULT_BRANCH, BRANCH_ALLOWLIST and the reserved branch names.
import { parseOrderLine, type ParseOrderLineOptions } from './parse-order-line';
import { checkOrderTime, DEFAULT_MAX_FUTURE_SKEW_MS } from './order-time-rule';
import { MAX_TIMESTAMP_MS } from './order-timestamp';

const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);
const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ branch: 'jeongja', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', ...fields });
const outcome = (text: string, options: ParseOrderLineOptions): string => {
  const result = parseOrderLine(text, options);
  return result.ok ? `ok ${result.order.branch} ${result.order.timestamp ?? '-'}` : result.error.code;
};

describe('checkOrderTime', () => {
  it.each<[string, number, number | undefined, boolean]>([
    ['the clock itself', NOW, undefined, true],
    ['exactly the default skew ahead', NOW + DEFAULT_MAX_FUTURE_SKEW_MS, undefined, true],
    ['1 ms past the default skew', NOW + DEFAULT_MAX_FUTURE_SKEW_MS + 1, undefined, false],
    ['a year ago (late, still counted)', NOW - 365 * 86_400_000, undefined, true],
    ['epoch 0', 0, undefined, true],
    ['9999-12-29', MAX_TIMESTAMP_MS - 86_400_000, undefined, false],
    ['10 s ahead with a 0 s skew', NOW + 10_000, 0, false],
    ['10 s ahead with a 10 s skew', NOW + 10_000, 10_000, true],
  ])("%s → accepted: %s", (_name, timestamp, skew, accepted) => {
    const error = checkOrderTime(timestamp, NOW, skew);
    expect(error === undefined).toBe(accepted);
    if (error !== undefined) {
      expect(error.code).toBe('TIMESTAMP_OUT_OF_RANGE');
      expect(error.field).toBe('timestamp');
      expect(error.message).toMatch(/^TIMESTAMP_OUT_OF_RANGE: .*\(MAX_FUTURE_SKEW_SECONDS\)/);
    }
  });
});

describe('parseOrderLine with rules', () => {
  it.each<[string, string, ParseOrderLineOptions, string]>([
    ['no clock: only the fixed range', line({ timestamp: '9999-12-29T00:00:00Z' }), {}, `ok jeongja ${MAX_TIMESTAMP_MS - 86_400_000}`],
    ['no clock: past the fixed range', line({ timestamp: '9999-12-31T00:00:00Z' }), {}, 'INVALID_TIMESTAMP'],
    ['far future with a clock', line({ timestamp: '9999-12-29T00:00:00Z' }), { now: NOW }, 'TIMESTAMP_OUT_OF_RANGE'],
    ['at the skew with a clock', line({ timestamp: NOW + 300_000 }), { now: NOW }, `ok jeongja ${NOW + 300_000}`],
    ['past the configured skew', line({ timestamp: NOW + 61_000 }), { now: NOW, maxFutureSkewMs: 60_000 }, 'TIMESTAMP_OUT_OF_RANGE'],
    ['no timestamp with a clock (stamped later)', line({}), { now: NOW }, 'ok jeongja -'],
    ['no branch, no default', JSON.stringify({ orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '1020' }), {}, 'MISSING_FIELD'],
    ['no branch, DEFAULT_BRANCH set', JSON.stringify({ orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '1020' }), { defaultBranch: 'main' }, 'ok main -'],
    ['a branch and DEFAULT_BRANCH set', line({}), { defaultBranch: 'main' }, 'ok jeongja -'],
    ['an invalid DEFAULT_BRANCH', JSON.stringify({ orders: ['x'], paymentMethod: 'Cash', customerAgeGrade: '1020' }), { defaultBranch: 'a b' }, 'INVALID_BRANCH'],
    ['branch all', line({ branch: 'all' }), {}, 'INVALID_BRANCH'],
    ['branch *', line({ branch: '*' }), {}, 'INVALID_BRANCH'],
    ['branch All (not reserved)', line({ branch: 'All' }), {}, 'ok All -'],
    ['branch __proto__', line({ branch: '__proto__' }), {}, 'ok __proto__ -'],
    ['allow-listed branch', line({}), { branchAllowlist: new Set(['jeongja']) }, 'ok jeongja -'],
    ['branch not allow-listed', line({ branch: 'pangyo' }), { branchAllowlist: new Set(['jeongja']) }, 'INVALID_BRANCH'],
  ])('%s', (_name, text, options, expected) => {
    expect(outcome(text, options)).toBe(expected);
  });

  it('says in the dead letter message that DEFAULT_BRANCH would accept a line without a branch', () => {
    const result = parseOrderLine('{"customerAgeGrade": "1020", "paymentMethod": "Cash", "orders": ["Americano", "Espresso"]}');
    expect(result).toMatchObject({ ok: false, error: { code: 'MISSING_FIELD', field: 'branch' } });
    expect(result.ok ? '' : result.error.message).toContain('DEFAULT_BRANCH');
  });

  it('says why `all` is rejected', () => {
    const result = parseOrderLine(line({ branch: 'all' }));
    expect(result.ok ? '' : result.error.message).toBe('INVALID_BRANCH: branch "all" is reserved: `all` names the all-branches roll-up');
  });
});

describe('checkOrderTime on values a foreign writer may store', () => {
  it.each([[Number.NaN], [1e20], [Number.POSITIVE_INFINITY]])('never throws for %p', (timestamp) => {
    expect(() => checkOrderTime(timestamp, NOW)).not.toThrow();
  });
});
