// Covers keyboard movement over chart windows and legend toggles: starts at the newest, steps and jumps within bounds.
import { keyboardIndex } from './keyboardIndex';

describe('keyboardIndex', () => {
  it.each([
    ['first ← from focus (newest)', 'ArrowLeft', null, 10, 8],
    ['first → from focus stays on the newest', 'ArrowRight', null, 10, 9],
    ['← steps back', 'ArrowLeft', 5, 10, 4],
    ['← stops at the oldest', 'ArrowLeft', 0, 10, 0],
    ['→ stops at the newest', 'ArrowRight', 9, 10, 9],
    ['Home', 'Home', 5, 10, 0],
    ['End', 'End', 2, 10, 9],
    ['a cursor past a shrunk range is clamped first', 'ArrowLeft', 30, 10, 8],
    ['other keys are ignored', 'a', 5, 10, null],
    ['no windows', 'ArrowLeft', null, 0, null],
  ])('%s', (_, key, current, count, next) => {
    expect(keyboardIndex(key, current, count)).toBe(next);
  });
});
