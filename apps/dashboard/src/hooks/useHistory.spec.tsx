// Covers the REST history hook: loads per request, aborts the request it replaces, and never returns a stale bundle.
import { renderHook, waitFor } from '@testing-library/react';
import type { HistoryRequest } from '../lib/types';
import { installFakeGateway } from '../test/fakeGateway';
import { useHistory } from './useHistory';

describe('useHistory', () => {
  it('waits without a request, then loads the bundle', async () => {
    installFakeGateway();
    const request: HistoryRequest = { branch: 'all', resolution: '30s', last: 20 };
    const { result, rerender } = renderHook(({ r }: { r: HistoryRequest | null }) => useHistory(r, '30s', 0), { initialProps: { r: null as HistoryRequest | null } });
    expect(result.current.status).toBe('idle');
    rerender({ r: request });
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.status === 'ready' && result.current.bundle.request).toBe(request);
  });

  it('aborts the previous load when the request changes and shows only the new one', async () => {
    const fetchMock = installFakeGateway();
    const first: HistoryRequest = { branch: 'all', resolution: '30s', last: 20 };
    const second: HistoryRequest = { branch: 'sunae', resolution: '30s', last: 20 };
    const { result, rerender } = renderHook(({ r }: { r: HistoryRequest }) => useHistory(r, '30s', 0), { initialProps: { r: first } });
    rerender({ r: second });
    const signals = fetchMock.mock.calls.map(([, init]) => init);
    expect(signals.slice(0, 3).every((init) => init?.signal?.aborted)).toBe(true);
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.status === 'ready' && result.current.bundle.request.branch).toBe('sunae');
  });
});
