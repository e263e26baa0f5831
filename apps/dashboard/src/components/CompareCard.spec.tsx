// Covers the compare view: two or more branches fetched for the same view and drawn as small multiples on one scale; the picker reports changes.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { installFakeGateway, statsCalls } from '../test/fakeGateway';
import { CompareCard } from './CompareCard';

const request = { resolution: '30s', last: 20 };
const props = { branches: ['jeongja', 'migeum', 'sunae'], request, precision: 14, unit: 'orders per 30 s' };

describe('CompareCard', () => {
  it('draws each branch on the same value scale', async () => {
    const fetchMock = installFakeGateway({ ordersPerWindow: (b) => (b === 'sunae' ? 3 : 1) });
    const { container } = render(<CompareCard {...props} selected={['jeongja', 'sunae']} onChange={jest.fn()} />);
    await waitFor(() => expect(screen.getByTestId('compare-card').getAttribute('data-state')).toBe('ready'));
    expect(statsCalls(fetchMock)).toEqual(expect.arrayContaining(['/api/stats?branch=jeongja&resolution=30s&last=20', '/api/stats?branch=sunae&resolution=30s&last=20']));
    const rows = [...container.querySelectorAll('.compare__row')];
    expect(rows.map((r) => r.getAttribute('data-branch'))).toEqual(['jeongja', 'sunae']);
    expect(new Set(rows.map((r) => r.getAttribute('data-top'))).size).toBe(1);
    const height = (row: Element) => Number(row.querySelector('.compare__bar')?.getAttribute('height'));
    expect(height(rows[1]) / height(rows[0])).toBeCloseTo(3);
    expect(rows[1].textContent).toContain('Sunae · 60 orders');
  });

  it('asks for two branches and reports picks', () => {
    installFakeGateway();
    const onChange = jest.fn();
    render(<CompareCard {...props} selected={['sunae']} onChange={onChange} />);
    expect(screen.getByTestId('compare-card').textContent).toContain('Pick two or more branches.');
    fireEvent.click(screen.getByTestId('compare-jeongja'));
    expect(onChange).toHaveBeenCalledWith(['jeongja', 'sunae']);
    fireEvent.click(screen.getByTestId('compare-sunae'));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });
});
