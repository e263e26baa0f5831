// Covers the payment-method and coffee-type cards: donut with card share, ranked bars, captions and legends.
import { screen, waitFor } from '@testing-library/react';
import { DEFAULT_VOCABULARY } from '../lib/defaultVocabulary';
import { win } from '../test/fixtures';
import { renderAsync } from '../test/renderAsync';
import { CoffeeTypesCard } from './CoffeeTypesCard';
import { PaymentMethodsCard } from './PaymentMethodsCard';

const common = { precision: 12, durationMs: 60_000, per: 'minute', phase: 'ready' as const, hasData: true, stale: false, updatedAt: 1, chartWidth: 500 };

describe('PaymentMethodsCard', () => {
  it('shows the share of each method and of cards in the middle of the donut', async () => {
    const windows = [win('202311150612', { Cash: 1, Credit: 2 }), win('202311150613', { Debit: 1 })];
    const { container } = await renderAsync(<PaymentMethodsCard {...common} windows={windows} known={DEFAULT_VOCABULARY.PaymentMethods} />);
    expect(screen.getByTestId('chart-payment-methods-caption').textContent).toBe('4 orders in range');
    await waitFor(() => expect(container.querySelector('.donut__value')?.textContent).toBe('75%'));
    expect([...container.querySelectorAll('.donut__list li')].map((li) => li.textContent)).toEqual(['Credit50%2', 'Cash25%1', 'Debit25%1']);
    await waitFor(() => expect(container.querySelectorAll('.stacked-areas__area').length).toBe(3));
    expect(container.querySelectorAll('.donut__slice')).toHaveLength(3);
  });
});

describe('CoffeeTypesCard', () => {
  it('ranks coffees over the range, largest first', async () => {
    const windows = [win('202311150612', { Americano: 3, Espresso: 1 }), win('202311150613', { 'Caffe Latte': 2, Americano: 1 })];
    const { container } = await renderAsync(<CoffeeTypesCard {...common} windows={windows} known={DEFAULT_VOCABULARY.Orders} />);
    expect(screen.getByTestId('chart-coffee-types-caption').textContent).toBe('7 cups in range');
    expect(screen.getByRole('toolbar', { name: 'Coffee types: show or hide' }).querySelectorAll('button')).toHaveLength(9);
    await waitFor(() => expect(container.querySelectorAll('.ranked__value').length).toBeGreaterThan(0));
    expect([...container.querySelectorAll('.ranked__row')].slice(0, 3).map((row) => [row.getAttribute('data-category'), row.querySelector('.ranked__value')?.textContent])).toEqual([
      ['Americano', '4'],
      ['Caffe Latte', '2'],
      ['Espresso', '1'],
    ]);
  });
});
