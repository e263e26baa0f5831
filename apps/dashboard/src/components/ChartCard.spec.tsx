// Covers the chart frame's states: loading, empty (with what to do), error, and ready with its live caption.
import { render, screen } from '@testing-library/react';
import { ChartCard, type ChartCardState } from './ChartCard';

const card = (state: ChartCardState, total = 0) =>
  render(
    <ChartCard testId="chart-x" title="Things" caption={`${total} orders in range`} total={total} updatedAt={1234} state={state} height={100}>
      <p>the chart</p>
    </ChartCard>,
  );

describe('ChartCard', () => {
  it.each([
    ['loading', /Loading history/],
    ['empty', /No orders yet — is the generator running\?/],
    ['error', /Could not load the data/],
  ] as const)('%s says what is happening', (state, text) => {
    card(state);
    expect(screen.getByTestId('chart-x').getAttribute('data-state')).toBe(state);
    expect(screen.getByTestId('chart-x').textContent).toMatch(text);
    expect(screen.queryByText('the chart')).toBeNull();
  });

  it('empty tells how to start the generator', () => {
    card('empty');
    expect(screen.getByText('npm start').tagName).toBe('CODE');
  });

  it('ready shows the chart, the caption and data attributes', () => {
    card('ready', 42);
    const root = screen.getByTestId('chart-x');
    expect(screen.getByText('the chart')).toBeTruthy();
    expect(screen.getByTestId('chart-x-caption').textContent).toBe('42 orders in range');
    expect(root.getAttribute('data-total')).toBe('42');
    expect(root.getAttribute('data-updated-at')).toBe('1234');
  });
});
