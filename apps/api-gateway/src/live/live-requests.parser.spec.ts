// Covers validation of socket requests: subscribe {branches, types?} and the original REQUEST_STATISTICS_HISTORY body.
import { invalidParameterMessage } from '../../test/support/invalid-parameter';
import { MAX_SUBSCRIBED_BRANCHES, parseLegacyHistoryRequest, parseSubscribeRequest } from './live-requests.parser';

const problem = invalidParameterMessage;

describe('parseSubscribeRequest', () => {
  it('maps all to * and removes duplicates', () => {
    expect(parseSubscribeRequest({ branches: ['all', 'jeongja', 'jeongja'] })).toEqual({
      branches: [
        { client: 'all', stored: '*' },
        { client: 'jeongja', stored: 'jeongja' },
      ],
      types: undefined,
    });
  });

  it('accepts a single branch, an empty list and a type selection', () => {
    expect(parseSubscribeRequest({ branches: 'sunae', types: ['Orders'] })).toMatchObject({ branches: [{ stored: 'sunae' }], types: ['Orders'] });
    expect(parseSubscribeRequest({ branches: [] })).toEqual({ branches: [], types: undefined });
  });

  it.each<[unknown, RegExp]>([
    [undefined, /^branches: /],
    ['jeongja', /^branches: /],
    [{ branches: 5 }, /^branches: /],
    [{ branches: ['a:b'] }, /^branches: /],
    [{ branches: Array.from({ length: MAX_SUBSCRIBED_BRANCHES + 1 }, (_, i) => `b${i}`) }, /^branches: at most/],
    [{ branches: ['x'], types: 'Orders' }, /^types: /],
    [{ branches: ['x'], types: [] }, /^types: /],
    [{ branches: ['x'], types: ['Nope'] }, /^types: unknown statistic type/],
  ])('rejects %j', (request, message) => {
    expect(problem(() => parseSubscribeRequest(request))).toMatch(message);
  });
});

describe('parseLegacyHistoryRequest', () => {
  it('accepts numbers and digit strings for count', () => {
    expect(parseLegacyHistoryRequest({ branch: 'jeongja', type: 'CustomerAgeGrades', count: 20 }, 100)).toEqual({
      branch: { client: 'jeongja', stored: 'jeongja' },
      type: 'CustomerAgeGrades',
      count: 20,
    });
    expect(parseLegacyHistoryRequest({ branch: 'all', type: 'Orders', count: '3' }, 100).count).toBe(3);
  });

  it.each<[unknown, RegExp]>([
    [null, /^body: /],
    [{ branch: '*', type: 'Orders', count: 1 }, /^branch: /],
    [{ branch: 'x', type: 'orders', count: 1 }, /^type: /],
    [{ branch: 'x', type: 'Orders', count: 0 }, /^count: /],
    [{ branch: 'x', type: 'Orders', count: 101 }, /^count: must be at most 100/],
    [{ branch: 'x', type: 'Orders' }, /^count: /],
  ])('rejects %j', (body, message) => {
    expect(problem(() => parseLegacyHistoryRequest(body, 100))).toMatch(message);
  });
});
