import type { AlertRecord } from '@coffee/aggregation';
import { useAlerts, type AlertSubscribe } from '../hooks/useAlerts';

export interface AlertsPanelProps {
  /** Live alert events (default: none, polling only). */
  subscribe?: AlertSubscribe;
  limit?: number;
  pollMs?: number;
}

const RULE_TEXT: Record<AlertRecord['rule'], string> = { silent: 'Silent', drop: 'Drop', spike: 'Spike' };

const branchName = (branch: string): string => (branch === '*' || branch === 'all' ? 'all branches' : branch);

/** `yyyyMMddHHmmss` → `HH:mm:ss` (the window's wall-clock start in the gateway's zone). */
const timeOf = (date: string): string => (date.length >= 14 ? `${date.slice(8, 10)}:${date.slice(10, 12)}:${date.slice(12, 14)}` : date);

function describe(alert: AlertRecord): string {
  if (alert.rule === 'silent') {
    return `no orders for ${alert.silentWindows ?? '?'} windows`;
  }
  const band = alert.expected;
  return band === undefined ? `${alert.value} orders` : `${alert.value} orders (usual ${Math.round(band.median)}, band ${Math.max(0, Math.round(band.lower))}–${Math.round(band.upper)})`;
}

/** Alerts (silent / drop / spike) with their open or resolved state, newest first, and a note for alerts that arrive live. */
export function AlertsPanel({ subscribe, limit, pollMs }: AlertsPanelProps) {
  const { alerts, fresh, failed } = useAlerts({ subscribe, limit, pollMs });
  const latest = fresh[0];
  return (
    <section className="card alerts-panel" aria-label="Alerts" data-testid="alerts-panel">
      <h2 className="card__title">Alerts</h2>
      {latest && (
        <p className="alerts-panel__fresh" role="status" data-testid="alert-notification">
          New: {RULE_TEXT[latest.rule]} {latest.state === 'open' ? 'on' : 'resolved on'} {branchName(latest.branch)} at {timeOf(latest.date)}
        </p>
      )}
      {failed && alerts.length === 0 && <p className="alerts-panel__empty">Alerts are unavailable right now.</p>}
      {!failed && alerts.length === 0 && <p className="alerts-panel__empty">No alerts.</p>}
      {alerts.length > 0 && (
        <ul className="alerts-panel__list">
          {alerts.map((alert) => (
            <li key={alert.id} className={`alerts-panel__item is-${alert.state}`} data-testid="alert-item" data-state={alert.state}>
              <span className="alerts-panel__state">{alert.state === 'open' ? 'Open' : 'Resolved'}</span>{' '}
              <strong>{RULE_TEXT[alert.rule]}</strong> · {branchName(alert.branch)} · {timeOf(alert.date)}
              {alert.resolved && ` → ${timeOf(alert.resolved.date)}`} · {describe(alert)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
