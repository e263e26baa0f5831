// Covers the start time of the window containing a base window, at each precision (Asia/Seoul datestrings).
import { seoulMs } from '../test/fixtures';
import { windowStartOf } from './windowStartOf';

describe('windowStartOf', () => {
  it.each([
    [14, '20231115061330'],
    [12, '202311150613'],
    [10, '2023111506'],
    [8, '20231115'],
  ])('precision %d: window %s', (precision, windowDate) => {
    expect(windowStartOf('20231115061330', seoulMs('20231115061330'), precision)).toBe(seoulMs(windowDate));
  });
});
