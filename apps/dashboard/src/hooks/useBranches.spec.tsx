// Covers the branch list: loaded once known, and a branch that appears later shows without a reload.
import { renderHook, waitFor } from '@testing-library/react';
import { useBranches } from './useBranches';

const reply = (branches: string[]) => ({ ok: true, status: 200, statusText: '', text: () => Promise.resolve(JSON.stringify({ branches })) }) as Response;

describe('useBranches', () => {
  it('is unknown until loaded, then picks up a new branch on its next refresh', async () => {
    let branches = ['sunae', 'jeongja'];
    global.fetch = jest.fn(() => Promise.resolve(reply(branches)));
    const { result } = renderHook(() => useBranches(0, 50));
    expect(result.current).toEqual({ names: [], known: false });
    await waitFor(() => expect(result.current).toEqual({ names: ['jeongja', 'sunae'], known: true }));
    // A poll answering the same list keeps the same state (no page re-render).
    const before = result.current;
    const calls = (global.fetch as jest.Mock).mock.calls.length;
    await waitFor(() => expect((global.fetch as jest.Mock).mock.calls.length).toBeGreaterThan(calls + 1));
    expect(result.current).toBe(before);
    branches = ['sunae', 'jeongja', 'pangyo'];
    await waitFor(() => expect(result.current.names).toEqual(['jeongja', 'pangyo', 'sunae']));
  });
});
