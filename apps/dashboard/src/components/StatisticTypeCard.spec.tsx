// Covers the table-driven card: every type without a bespoke card gets one (OrderSizes), titled and counted from its table entry.
import { statisticTypeSpec } from '@coffee/aggregation';
import { screen, waitFor } from '@testing-library/react';
import { DEFAULT_VOCABULARY } from '../lib/defaultVocabulary';
import { win } from '../test/fixtures';
import { renderAsync } from '../test/renderAsync';
import { StatisticTypeCard, TABLE_CARD_TYPES } from './StatisticTypeCard';

const common = { precision: 12, durationMs: 60_000, per: 'minute', phase: 'ready' as const, hasData: true, stale: false, updatedAt: 1, chartWidth: 500 };

describe('StatisticTypeCard', () => {
  it('is used for the table types without a card of their own', () => {
    expect(TABLE_CARD_TYPES).toEqual(['OrderSizes']);
  });

  it('draws cups per order with every known size in the legend, in table order', async () => {
    const windows = [win('202311150612', { '1': 3, '2': 1 }), win('202311150613', { '10+': 2, '1': 1 })];
    const { container } = await renderAsync(<StatisticTypeCard type="OrderSizes" {...common} windows={windows} known={DEFAULT_VOCABULARY.OrderSizes} />);
    expect(screen.getByTestId('chart-OrderSizes-caption').textContent).toBe('7 orders in range');
    const legend = screen.getByRole('toolbar', { name: `${statisticTypeSpec('OrderSizes').title}: show or hide` });
    expect([...legend.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10+']);
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__bar, .stacked-areas__area, rect').length).toBeGreaterThan(0));
  });
});
