import type { ChartCardState } from './ChartCard';

/** Which state a chart card shows, from the data phase and the card's total. */
export function cardState(phase: 'loading' | 'error' | 'ready', hasData: boolean, total: number): ChartCardState {
  if (!hasData) {
    return phase === 'error' ? 'error' : 'loading';
  }
  return total > 0 ? 'ready' : 'empty';
}
