// Covers the age-grade card: all ten grades in the legend (8090 and 9999 included), toggling, caption and bars drawn.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { renderAsync } from '../test/renderAsync';
import { DEFAULT_VOCABULARY } from '../lib/defaultVocabulary';
import { win } from '../test/fixtures';
import { AgeGradesCard } from './AgeGradesCard';

const windows = [win('20231115061200', { '2030': 3, '8090': 1 }), win('20231115061230', { '9999': 2, '1020': 1 })];
const props = { windows, known: DEFAULT_VOCABULARY.CustomerAgeGrades, precision: 14, durationMs: 30_000, per: '30 s', phase: 'ready' as const, hasData: true, stale: false, updatedAt: 5, chartWidth: 600 };

describe('AgeGradesCard', () => {
  it('lists all ten grades in the legend', async () => {
    await renderAsync(<AgeGradesCard {...props} />);
    const legend = screen.getByRole('toolbar', { name: 'Age grades: show or hide' });
    expect([...legend.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      '0–10',
      '10–20',
      '20–30',
      '30–40',
      '40–50',
      '50–60',
      '60–70',
      '70–80',
      '80–90',
      'Unknown',
    ]);
    expect([...legend.querySelectorAll('button')].map((b) => b.getAttribute('data-category'))).toEqual([
      '0010',
      '1020',
      '2030',
      '3040',
      '4050',
      '5060',
      '6070',
      '7080',
      '8090',
      '9999',
    ]);
  });

  it('hides a grade when its legend entry is clicked', async () => {
    await renderAsync(<AgeGradesCard {...props} />);
    const button = screen.getByRole('button', { name: '80–90' });
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the total and draws stacked bars', async () => {
    const { container } = await renderAsync(<AgeGradesCard {...props} />);
    expect(screen.getByTestId('chart-age-grades-caption').textContent).toBe('7 orders in range');
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__segment').length).toBeGreaterThan(0));
  });

  it('has one visible focus stop per chart (no focusable svg) and a one-stop legend toolbar', async () => {
    const { container } = await renderAsync(<AgeGradesCard {...props} />);
    await waitFor(() => expect(container.querySelector('.recharts-surface')).not.toBeNull());
    const chart = container.querySelector<HTMLElement>('.time-chart');
    fireEvent.focus(chart as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('key-tooltip')).not.toBeNull());
    expect(container.querySelector('.recharts-surface')?.getAttribute('tabindex')).toBeNull();
    const toggles = [...container.querySelectorAll<HTMLButtonElement>('.legend__item')];
    expect(toggles.map((b) => b.tabIndex).filter((t) => t === 0)).toHaveLength(1);
    act(() => toggles[0].focus());
    fireEvent.keyDown(toggles[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(toggles[1]);
    expect(toggles[1].tabIndex).toBe(0);
    expect(toggles[0].tabIndex).toBe(-1);
  });

  it('says there are no orders yet when the range is empty', () => {
    render(<AgeGradesCard {...props} windows={[win('20231115061200')]} />);
    expect(screen.getByTestId('chart-age-grades').getAttribute('data-state')).toBe('empty');
    expect(screen.getByTestId('chart-age-grades-empty').textContent).toMatch(/generator running/);
  });
});
