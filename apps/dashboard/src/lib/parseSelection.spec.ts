// Covers parseSelection: defaults for missing or invalid parameters, values taken as given otherwise.
import { parseSelection } from './parseSelection';

describe('parseSelection', () => {
  it.each([
    ['', { branch: 'all', resolution: '', last: 0 }],
    ['?branch=sunae&resolution=1h&last=24', { branch: 'sunae', resolution: '1h', last: 24 }],
    ['?branch=&last=0', { branch: 'all', resolution: '', last: 0 }],
    ['?last=-3', { branch: 'all', resolution: '', last: 0 }],
    ['?last=2.5', { branch: 'all', resolution: '', last: 0 }],
    ['?last=abc&resolution=30s', { branch: 'all', resolution: '30s', last: 0 }],
  ])('%s', (search, expected) => {
    expect(parseSelection(search)).toEqual(expected);
  });
});
