// Covers wall-clock arithmetic on datestrings at every precision, across minute, day, month and year edges.
import { addToDatestring } from './addToDatestring';

describe('addToDatestring', () => {
  it.each([
    ['20231115061330', 30_000, '20231115061400'],
    ['20231115235930', 30_000, '20231116000000'],
    ['20231231235930', 30_000, '20240101000000'],
    ['202311150613', 60_000, '202311150614'],
    ['202402282359', 60_000, '202402290000'],
    ['2023111523', 3_600_000, '2023111600'],
    ['20231130', 86_400_000, '20231201'],
    ['20231231', 86_400_000, '20240101'],
    ['20231115061330', -30_000, '20231115061300'],
  ])('%s + %d ms = %s', (date, ms, expected) => {
    expect(addToDatestring(date, ms)).toBe(expected);
  });
});
