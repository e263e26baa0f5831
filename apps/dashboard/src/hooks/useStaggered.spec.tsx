// Covers staggered values: passed through at delay 0, otherwise shown after the delay.
import { act, renderHook } from '@testing-library/react';
import { useStaggered } from './useStaggered';

describe('useStaggered', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes the value through without a delay', () => {
    const { result, rerender } = renderHook(({ v }: { v: number }) => useStaggered(v, 0), { initialProps: { v: 1 } });
    rerender({ v: 2 });
    expect(result.current).toBe(2);
  });

  it('shows a new value after the delay', () => {
    const { result, rerender } = renderHook(({ v }: { v: number }) => useStaggered(v, 100), { initialProps: { v: 1 } });
    rerender({ v: 2 });
    expect(result.current).toBe(1);
    act(() => jest.advanceTimersByTime(100));
    expect(result.current).toBe(2);
  });
});
