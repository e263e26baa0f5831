// Covers the connection indicator: a text label per status (not colour alone) and the last update time.
import { render, screen } from '@testing-library/react';
import { ConnectionStatus } from './ConnectionStatus';

describe('ConnectionStatus', () => {
  it.each([
    ['connecting', 'Connecting…'],
    ['live', 'Live'],
    ['reconnecting', 'Reconnecting…'],
    ['offline', 'Offline'],
  ] as const)('%s reads "%s"', (status, label) => {
    render(<ConnectionStatus status={status} updatedAt={null} timeZone="Asia/Seoul" />);
    const el = screen.getByTestId('connection-status');
    expect(el.getAttribute('data-status')).toBe(status);
    expect(el.textContent).toBe(label);
  });

  it('shows the time of the last update in the shops time zone', () => {
    render(<ConnectionStatus status="live" updatedAt={Date.UTC(2023, 10, 14, 21, 13, 30)} timeZone="Asia/Seoul" />);
    expect(screen.getByTestId('connection-status').textContent).toBe('Liveupdated 06:13:30');
  });
});
