// Covers EventClock: start + index × interval, wall-clock mode, seeded jitter and clamping.
import { EventClock } from './event-clock';
import { Prng } from './prng';

describe('EventClock', () => {
  it('spaces times from the start by the interval, flooring fractions', () => {
    const clock = new EventClock({ start: 1_000, intervalMs: 1000 / 3, disorderMs: 0 }, new Prng(1));
    expect([0, 1, 2, 3].map((i) => clock.timestampOf(i, 99))).toEqual([1_000, 1_333, 1_666, 2_000]);
  });

  it('uses the wall clock at write time without a start', () => {
    const clock = new EventClock({ intervalMs: 1, disorderMs: 0 }, new Prng(1));
    expect(clock.timestampOf(5, 1_412_123_415_250)).toBe(1_412_123_415_250);
  });

  it('jitters within ±disorderMs, reaching both ends, the same way for the same seed', () => {
    const draw = (): number[] => {
      const clock = new EventClock({ start: 1_000_000, intervalMs: 0, disorderMs: 3 }, new Prng(9));
      return Array.from({ length: 2_000 }, (_, i) => clock.timestampOf(i, 0) - 1_000_000);
    };
    const offsets = draw();
    expect(new Set(offsets)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
    expect(draw()).toEqual(offsets);
  });

  it('never goes below 0', () => {
    const clock = new EventClock({ start: 0, intervalMs: 0, disorderMs: 1_000 }, new Prng(2));
    const times = Array.from({ length: 1_000 }, (_, i) => clock.timestampOf(i, 0));
    expect(Math.min(...times)).toBe(0);
  });
});
