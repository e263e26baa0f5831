// Covers zero-filling a window series up to a date: appending, gap filling, inserting and leaving it alone.
import { win } from '../test/fixtures';
import { ensureWindows } from './ensureWindows';
import { resolutionSpec } from './resolutionSpec';

const spec = resolutionSpec('30s', 30);
const cats = ['Cash', 'Credit', 'Debit'];
const at = (date: string) => win(date).start;

describe('ensureWindows', () => {
  const list = [win('20231115061200', { Cash: 1 }), win('20231115061230', { Cash: 2 })];

  it('returns the same array when the window exists', () => {
    expect(ensureWindows(list, '20231115061230', at('20231115061230'), spec, cats)).toBe(list);
  });

  it('appends the next window with every category at zero', () => {
    const next = ensureWindows(list, '20231115061300', at('20231115061300'), spec, cats);
    expect(next.map((w) => w.date)).toEqual(['20231115061200', '20231115061230', '20231115061300']);
    expect(next[2]).toEqual({ date: '20231115061300', start: at('20231115061300'), counts: { Cash: 0, Credit: 0, Debit: 0 }, total: 0 });
  });

  it('fills a gap with zero windows in order', () => {
    const next = ensureWindows(list, '20231115061400', at('20231115061400'), spec, cats);
    expect(next.map((w) => w.date)).toEqual(['20231115061200', '20231115061230', '20231115061300', '20231115061330', '20231115061400']);
    expect(next.map((w) => w.start - next[0].start)).toEqual([0, 30_000, 60_000, 90_000, 120_000]);
  });

  it('inserts a missing window in order', () => {
    const holey = [win('20231115061200'), win('20231115061300')];
    expect(ensureWindows(holey, '20231115061230', at('20231115061230'), spec, cats).map((w) => w.date)).toEqual([
      '20231115061200',
      '20231115061230',
      '20231115061300',
    ]);
  });

  it('starts an empty series with the window', () => {
    expect(ensureWindows([], '20231115061200', at('20231115061200'), spec, cats)).toHaveLength(1);
  });
});
