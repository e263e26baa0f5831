import type { AlertEvent, AlertRecord } from '@coffee/aggregation';
import { useEffect, useRef, useState } from 'react';
import { fetchJson } from '../api/fetchJson';

/** Subscribes to live `alert` events; returns the unsubscribe. */
export type AlertSubscribe = (onAlert: (event: AlertEvent) => void) => () => void;

export interface AlertsOptions {
  /** Alerts shown (newest first). */
  limit?: number;
  /** Re-reads `/api/alerts` this often, ms (live events arrive in between). */
  pollMs?: number;
  /** Live source of `alert` events; none: polling only. */
  subscribe?: AlertSubscribe;
}

export interface AlertsState {
  alerts: AlertRecord[];
  /** Events that arrived live while the page is open, newest first (for the notification). */
  fresh: AlertEvent[];
  failed: boolean;
}

/**
 * Folds a live alert event into the list: an `open` event adds an alert (once per id); a `resolved`
 * event resolves the newest open alert of its rule and branch that opened before it.
 */
export function applyAlertEvent(alerts: readonly AlertRecord[], event: AlertEvent, limit: number): AlertRecord[] {
  if (event.state === 'open') {
    if (alerts.some((alert) => alert.id === event.id)) {
      return [...alerts];
    }
    const { id, rule, branch, windowStart, windowEnd, date, value, expected, silentWindows } = event;
    const record: AlertRecord = { id, rule, branch, state: 'open', windowStart, windowEnd, date, value, ...(expected ? { expected } : {}), ...(silentWindows ? { silentWindows } : {}) };
    return [record, ...alerts].sort((a, b) => b.windowStart - a.windowStart).slice(0, limit);
  }
  const target = alerts.find((alert) => alert.rule === event.rule && alert.branch === event.branch && alert.state === 'open' && alert.windowStart < event.windowStart);
  return alerts.map((alert) =>
    alert === target
      ? { ...alert, state: 'resolved', resolved: { id: event.id, windowStart: event.windowStart, date: event.date, value: event.value, ...(event.reason ? { reason: event.reason } : {}) } }
      : alert,
  );
}

/** The newest alerts from `GET /api/alerts`, kept current by live `alert` events and a slow poll. */
export function useAlerts({ limit = 20, pollMs = 30_000, subscribe }: AlertsOptions = {}): AlertsState {
  const [state, setState] = useState<AlertsState>({ alerts: [], fresh: [], failed: false });
  const limitRef = useRef(limit);
  limitRef.current = limit;

  useEffect(() => {
    const controller = new AbortController();
    const load = (): void => {
      fetchJson<{ alerts: AlertRecord[] }>(`/api/alerts?limit=${limitRef.current}`, controller.signal).then(
        (body) => setState((s) => ({ ...s, alerts: body.alerts, failed: false })),
        () => {
          if (!controller.signal.aborted) {
            setState((s) => ({ ...s, failed: true }));
          }
        },
      );
    };
    load();
    const timer = setInterval(load, pollMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [pollMs]);

  useEffect(() => {
    if (subscribe === undefined) {
      return undefined;
    }
    return subscribe((event) =>
      setState((s) => ({ ...s, alerts: applyAlertEvent(s.alerts, event, limitRef.current), fresh: [event, ...s.fresh].slice(0, 5) })),
    );
  }, [subscribe]);

  return state;
}

/** Live `alert` events from the gateway's socket.io server, on a connection of their own (socket.io-client loads lazily). */
export const socketAlerts: AlertSubscribe = (onAlert) => {
  let closed = false;
  let close = (): void => undefined;
  void import('socket.io-client').then(
    ({ io }) => {
      if (closed) {
        return;
      }
      const socket = io({ transports: ['websocket'] });
      socket.on('alert', onAlert);
      close = () => socket.close();
    },
    () => undefined,
  );
  return () => {
    closed = true;
    close();
  };
};
