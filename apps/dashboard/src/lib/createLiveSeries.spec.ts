// Covers building a live series from REST history: zero-filled categories, ordering, trimming and what is tracked.
import { response, win } from '../test/fixtures';
import { createLiveSeries } from './createLiveSeries';
import { DEFAULT_VOCABULARY } from './defaultVocabulary';
import { resolutionSpec } from './resolutionSpec';

describe('createLiveSeries', () => {
  const rest = response('all', '30s', {
    CustomerAgeGrades: [win('20231115061300', { '2030': 2 }), win('20231115061200', { '8090': 1 }), win('20231115061230')],
  });

  it('sorts windows oldest first, lists every known category and trims to capacity', () => {
    const s = createLiveSeries({ response: rest, snapshot: response('all', '30s', {}), spec: resolutionSpec('30s', 30), capacity: 2, vocabulary: DEFAULT_VOCABULARY });
    expect(s.windows.CustomerAgeGrades.map((w) => w.date)).toEqual(['20231115061230', '20231115061300']);
    expect(Object.keys(s.windows.CustomerAgeGrades[0].counts).sort()).toEqual([...DEFAULT_VOCABULARY.CustomerAgeGrades].sort());
    expect(s.windows.CustomerAgeGrades[1].total).toBe(2);
    expect(s.windows.Orders).toEqual([]);
  });

  it('tracks the REST windows themselves at base resolution', () => {
    const s = createLiveSeries({ response: rest, snapshot: response('all', '30s', {}), spec: resolutionSpec('30s', 30), capacity: 3, vocabulary: DEFAULT_VOCABULARY });
    expect(Object.keys(s.baseTotals).sort()).toEqual(['20231115061200', '20231115061230', '20231115061300']);
    expect(s.trackedUntil).toBe('20231115061300');
  });

  it('tracks the snapshot at coarser resolutions', () => {
    const snapshot = response('all', '30s', { CustomerAgeGrades: [win('20231115061300', { '2030': 1 }), win('20231115061330', { '2030': 1 })] });
    const minute = response('all', '1m', { CustomerAgeGrades: [win('202311150613', { '2030': 2 })] });
    const s = createLiveSeries({ response: minute, snapshot, spec: resolutionSpec('1m', 30), capacity: 60, vocabulary: DEFAULT_VOCABULARY });
    expect(Object.keys(s.baseTotals)).toEqual(['20231115061300', '20231115061330']);
    expect(s.baseTotals['20231115061330'].counts.CustomerAgeGrades).toEqual({ '2030': 1 });
    expect(s.trackedUntil).toBe('20231115061330');
  });
});
