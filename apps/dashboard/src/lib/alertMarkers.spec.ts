// Covers alertMarkers: which alerts a view marks, the rows an alert's band covers (open, resolved, coarser rows), clipping at the edges (table-driven).
import type { AlertRecord } from '@coffee/aggregation';
import { alertConcerns, alertMarkers } from './alertMarkers';

const S = 30_000;
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
/** Six 30 s rows from T0. */
const STARTS = Array.from({ length: 6 }, (_, i) => T0 + i * S);

function alert(branch: string, openAt: number, resolvedAt?: number, rule: AlertRecord['rule'] = 'spike'): AlertRecord {
  const windowStart = T0 + openAt * S;
  return {
    id: `${rule}:${branch}:${windowStart}`,
    rule,
    branch,
    state: resolvedAt === undefined ? 'open' : 'resolved',
    windowStart,
    windowEnd: windowStart + S,
    date: '20240501090000',
    value: 152,
    expected: { median: 30, lower: 15, upper: 45 },
    ...(resolvedAt === undefined ? {} : { resolved: { id: `${rule}:${branch}:${T0 + resolvedAt * S}`, windowStart: T0 + resolvedAt * S, date: '20240501090100', value: 31 } }),
  };
}

describe('alertMarkers', () => {
  it.each([
    ['open: from its window to the newest row', alert('jeongja', 2), { opened: 2, from: 2, to: 5 }],
    ['resolved one window later: its window only', alert('jeongja', 2, 3), { opened: 2, from: 2, to: 2 }],
    ['resolved later: up to the window before the resolution', alert('jeongja', 1, 4), { opened: 1, from: 1, to: 3 }],
    ['opened before the first row: band clipped, no opening row', alert('jeongja', -3, 2), { opened: -1, from: 0, to: 1 }],
    ['opened in the newest row', alert('jeongja', 5), { opened: 5, from: 5, to: 5 }],
  ])('%s', (_, record, expected) => {
    expect(alertMarkers([record], STARTS, S, 'all')).toEqual([expect.objectContaining({ id: record.id, ...expected })]);
  });

  it.each([
    ['resolved before the first row', alert('jeongja', -5, -2)],
    ['resolved at the first row (the resolving window is not part of it)', alert('jeongja', -2, 0)],
    ['opened after the newest row', alert('jeongja', 6)],
  ])('leaves out an alert %s', (_, record) => {
    expect(alertMarkers([record], STARTS, S, 'all')).toEqual([]);
  });

  it('places 30 s alerts in coarser rows (1 min), the resolving row excluded', () => {
    const minutes = [T0, T0 + 60_000, T0 + 120_000];
    // Opened at 0:30 (row 0), resolved at 1:30 (row 1, whose first half it still concerns).
    expect(alertMarkers([alert('jeongja', 1, 3)], minutes, 60_000, 'all')).toEqual([expect.objectContaining({ opened: 0, from: 0, to: 1 })]);
    // Resolved at 1:00 exactly: the band ends with row 0.
    expect(alertMarkers([alert('jeongja', 1, 2)], minutes, 60_000, 'all')).toEqual([expect.objectContaining({ opened: 0, from: 0, to: 0 })]);
  });

  it('labels a marker with rule, branch, time, state and value, and sorts by first row', () => {
    const markers = alertMarkers([alert('jeongja', 3), alert('all', 1, 2, 'drop')], STARTS, S, 'all');
    expect(markers.map((m) => m.from)).toEqual([1, 3]);
    expect(markers[0]?.label).toBe('Drop alert on all branches at 09:00:00, resolved at 09:01:00: 152 orders (usual 30, band 15–45)');
    expect(markers[1]?.label).toBe('Spike alert on jeongja at 09:00:00, open: 152 orders (usual 30, band 15–45)');
  });

  it('marks nothing without rows', () => {
    expect(alertMarkers([alert('jeongja', 0)], [], S, 'all')).toEqual([]);
  });
});

describe('alertConcerns', () => {
  it.each([
    ['jeongja', 'all', true],
    ['jeongja', 'jeongja', true],
    ['all', 'jeongja', true],
    ['*', 'jeongja', true],
    ['sunae', 'jeongja', false],
  ])('an alert on %s on a view of %s: %s', (alertBranch, view, expected) => {
    expect(alertConcerns(alertBranch, view)).toBe(expected);
  });
});
