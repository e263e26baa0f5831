import type { AlertEvent } from './evaluate-alerts';

/** An alert as clients see it: where its condition started, and where it ended if it has. */
export interface AlertRecord {
  /** Id of the `open` event (`<rule>:<branch>:<window start ms>`). */
  readonly id: string;
  readonly rule: AlertEvent['rule'];
  /** Real branch or `*` (the chain). */
  readonly branch: string;
  readonly state: 'open' | 'resolved';
  /** The window the alert opened at. */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly date: string;
  readonly value: number;
  readonly expected?: AlertEvent['expected'];
  readonly silentWindows?: number;
  /** The `resolved` event, once the condition ended. */
  readonly resolved?: { readonly id: string; readonly windowStart: number; readonly date: string; readonly value: number; readonly reason?: AlertEvent['reason'] };
}

/**
 * Joins alert events into alerts: each `open` event is an alert, resolved by the first `resolved`
 * event of the same rule and branch at a later window (events alternate per rule and branch, so
 * this is computed at read time from the stream alone, in any arrival order). A `resolved` event
 * whose `open` is no longer held (trimmed) is left out. Sorted newest first (window, then id).
 */
export function pairAlertEvents(events: readonly AlertEvent[]): AlertRecord[] {
  const byKey = new Map<string, AlertEvent[]>();
  for (const event of events) {
    const key = `${event.rule}\u0000${event.branch}`;
    const list = byKey.get(key) ?? [];
    list.push(event);
    byKey.set(key, list);
  }
  const records: AlertRecord[] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => a.windowStart - b.windowStart);
    let open: AlertEvent | undefined;
    const flush = (resolved: AlertEvent | undefined): void => {
      if (open === undefined) {
        return;
      }
      const { id, rule, branch, windowStart, windowEnd, date, value, expected, silentWindows } = open;
      records.push({
        id,
        rule,
        branch,
        state: resolved === undefined ? 'open' : 'resolved',
        windowStart,
        windowEnd,
        date,
        value,
        ...(expected === undefined ? {} : { expected }),
        ...(silentWindows === undefined ? {} : { silentWindows }),
        ...(resolved === undefined
          ? {}
          : {
              resolved: {
                id: resolved.id,
                windowStart: resolved.windowStart,
                date: resolved.date,
                value: resolved.value,
                ...(resolved.reason === undefined ? {} : { reason: resolved.reason }),
              },
            }),
      });
      open = undefined;
    };
    for (const event of list) {
      if (event.state === 'open') {
        flush(undefined);
        open = event;
      } else {
        flush(event);
      }
    }
    flush(undefined);
  }
  return records.sort((a, b) => b.windowStart - a.windowStart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
