// Covers /api/stats URLs: newest windows, an absolute range, and the CSV/NDJSON formats of the same view.
import { statsUrl } from './statsUrl';

describe('statsUrl', () => {
  it.each([
    ['newest windows', statsUrl('all', '30s', 20), '/api/stats?branch=all&resolution=30s&last=20'],
    ['absolute range', statsUrl('sunae', '1h', 24, { from: 1000, to: 2000 }), '/api/stats?branch=sunae&resolution=1h&from=1000&to=2000'],
    ['CSV of the newest windows', statsUrl('all', '1m', 60, undefined, 'csv'), '/api/stats?branch=all&resolution=1m&last=60&format=csv'],
    ['CSV of a range', statsUrl('jeongja', '1d', 7, { from: 1, to: 2 }, 'csv'), '/api/stats?branch=jeongja&resolution=1d&from=1&to=2&format=csv'],
  ])('%s', (_, url, expected) => {
    expect(url).toBe(expected);
  });
});
