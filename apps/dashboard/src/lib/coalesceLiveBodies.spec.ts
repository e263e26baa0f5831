// Covers coalesceLiveBodies: newest live totals per branch and window, in arrival order, applying like every body did.
import { body } from '../test/fixtures';
import { coalesceLiveBodies } from './coalesceLiveBodies';
import { createLiveSeries } from './createLiveSeries';
import { DEFAULT_VOCABULARY } from './defaultVocabulary';
import { mergeLiveIntoHistory } from './mergeLiveIntoHistory';
import { resolutionSpec } from './resolutionSpec';
import { response, uniform } from '../test/fixtures';

const A = '20231115061300';
const B = '20231115061330';

describe('coalesceLiveBodies', () => {
  it('keeps the newest body of each branch and window, a replaced one moving to the end', () => {
    const a1 = body({ branch: 'all', date: A, age: { '2030': 1 } });
    const b1 = body({ branch: 'all', date: B, age: { '2030': 1 } });
    const a2 = body({ branch: 'all', date: A, age: { '2030': 2 } });
    const s1 = body({ branch: 'sunae', date: A, age: { '2030': 7 } });
    expect(coalesceLiveBodies([a1, b1, s1, a2])).toEqual([b1, s1, a2]);
  });

  it('keeps at most max bodies, the newest', () => {
    const bodies = ['20231115061200', '20231115061230', A, B].map((date) => body({ branch: 'all', date, age: { '2030': 1 } }));
    expect(coalesceLiveBodies(bodies, 2)).toEqual(bodies.slice(2));
    expect(coalesceLiveBodies([])).toEqual([]);
  });

  it('applied to a series, gives what applying every body in order gives', () => {
    const series = createLiveSeries({
      response: response('all', '30s', uniform([A], () => 3)),
      snapshot: response('all', '30s', uniform([A], () => 3)),
      spec: resolutionSpec('30s', 30),
      capacity: 5,
      vocabulary: DEFAULT_VOCABULARY,
    });
    const bodies = [
      body({ branch: 'all', date: A, age: { '2030': 4 }, pay: { Cash: 4 }, cups: { Americano: 4 } }),
      body({ branch: 'all', date: B, age: { '2030': 1 }, pay: { Cash: 1 }, cups: { Americano: 1 } }),
      body({ branch: 'all', date: A, age: { '2030': 5 }, pay: { Cash: 5 }, cups: { Americano: 6 } }),
      body({ branch: 'all', date: B, age: { '2030': 2, '4050': 1 }, pay: { Cash: 3 }, cups: { Americano: 3 } }),
    ];
    const apply = (list: typeof bodies) => list.reduce((s, b) => mergeLiveIntoHistory(s, b), series).windows;
    expect(apply(coalesceLiveBodies(bodies))).toEqual(apply(bodies));
  });
});
