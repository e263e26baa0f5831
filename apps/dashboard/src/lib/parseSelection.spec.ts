// Covers parseSelection: defaults for missing or invalid parameters, values taken as given otherwise.
import { parseSelection } from './parseSelection';

describe('parseSelection', () => {
  it.each([
    ['', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
    ['?branch=sunae&resolution=1h&last=24', { branch: 'sunae', resolution: '1h', last: 24, from: '', to: '' }],
    ['?branch=&last=0', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
    ['?last=-3', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
    ['?last=2.5', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
    ['?last=abc&resolution=30s', { branch: 'all', resolution: '30s', last: 0, from: '', to: '' }],
    ['?from=2026-12-06T09:00&to=2026-12-06T12:30', { branch: 'all', resolution: '', last: 0, from: '2026-12-06T09:00', to: '2026-12-06T12:30' }],
    ['?from=2026-12-06T12:30&to=2026-12-06T09:00', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
    ['?from=2026-12-06T09:00', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
    ['?from=yesterday&to=2026-12-06T09:00', { branch: 'all', resolution: '', last: 0, from: '', to: '' }],
  ])('%s', (search, expected) => {
    expect(parseSelection(search)).toEqual({ compare: [], ...expected });
  });

  it('reads the compared branches, sorted and without repeats', () => {
    expect(parseSelection('?compare=sunae,jeongja,sunae,').compare).toEqual(['jeongja', 'sunae']);
  });
});
