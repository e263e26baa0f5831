// Covers the socket lifecycle: subscribe on every connection and on branch change, stats forwarding, status, cleanup.
import { act, renderHook } from '@testing-library/react';
import { body, FakeSocket } from '../test/fixtures';
import { useLiveStats } from './useLiveStats';

const setup = () => {
  const socket = new FakeSocket();
  const connect = () => socket;
  const onStats = jest.fn();
  const onConnect = jest.fn();
  const hook = renderHook(({ branch }: { branch: string }) => useLiveStats({ branch, onStats, onConnect, connect }), { initialProps: { branch: 'all' } });
  return { socket, onStats, onConnect, ...hook };
};

describe('useLiveStats', () => {
  it('subscribes to the branch on connect and reports live', () => {
    const { socket, result, onConnect } = setup();
    expect(result.current).toBe('connecting');
    act(() => socket.fire('connect'));
    expect(socket.subscriptions()).toEqual([{ branches: ['all'] }]);
    expect(result.current).toBe('live');
    expect(onConnect).toHaveBeenCalledWith(false);
  });

  it('resubscribes when the branch changes and forwards stats', () => {
    const { socket, rerender, onStats } = setup();
    act(() => socket.fire('connect'));
    rerender({ branch: 'sunae' });
    expect(socket.subscriptions()).toEqual([{ branches: ['all'] }, { branches: ['sunae'] }]);
    const update = body({ branch: 'sunae', date: '20231115061300' });
    act(() => socket.fire('stats', update));
    expect(onStats).toHaveBeenCalledWith(update);
  });

  it('reports reconnecting after a drop, then resubscribes and flags the reconnect', () => {
    const { socket, result, rerender, onConnect } = setup();
    act(() => socket.fire('connect'));
    rerender({ branch: 'migeum' });
    act(() => socket.fire('disconnect'));
    expect(result.current).toBe('reconnecting');
    act(() => socket.fire('connect'));
    expect(onConnect).toHaveBeenLastCalledWith(true);
    expect(socket.subscriptions().at(-1)).toEqual({ branches: ['migeum'] });
    expect(result.current).toBe('live');
  });

  it.each([
    ['a connection error before any connection', (s: FakeSocket) => s.fire('connect_error')],
    [
      'a drop that will not be retried',
      (s: FakeSocket) => {
        s.fire('connect');
        s.active = false;
        s.fire('disconnect');
      },
    ],
  ])('reports offline after %s', (_case, scenario) => {
    const { socket, result } = setup();
    act(() => scenario(socket));
    expect(result.current).toBe('offline');
  });

  it('opens the connection after mounting, and not at all for a mount undone at once', async () => {
    const { socket } = setup();
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(socket.connectCalls).toBe(1);
    const quick = setup();
    quick.unmount();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(quick.socket.connectCalls).toBe(0);
  });

  it('disconnects on unmount', () => {
    const { socket, unmount } = setup();
    act(() => socket.fire('connect'));
    unmount();
    expect(socket.connected).toBe(false);
  });
});
