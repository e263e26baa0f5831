import type { AlertsState } from '../hooks/useAlerts';
import { ALERT_RULE_TEXT, alertBranchName, alertTimeOf, describeAlert } from '../lib/describeAlert';

/** Alerts (silent / drop / spike) with their open or resolved state, newest first, and a note for alerts that arrive live. */
export function AlertsPanel({ alerts, fresh, failed }: AlertsState) {
  const latest = fresh[0];
  return (
    <section className="card alerts-panel" aria-label="Alerts" data-testid="alerts-panel">
      <h2 className="card__title">Alerts</h2>
      {latest && (
        <p className="alerts-panel__fresh" role="status" data-testid="alert-notification">
          New: {ALERT_RULE_TEXT[latest.rule]} {latest.state === 'open' ? 'on' : 'resolved on'} {alertBranchName(latest.branch)} at {alertTimeOf(latest.date)}
        </p>
      )}
      {failed && alerts.length === 0 && <p className="alerts-panel__empty">Alerts are unavailable right now.</p>}
      {!failed && alerts.length === 0 && <p className="alerts-panel__empty">No alerts.</p>}
      {alerts.length > 0 && (
        <ul className="alerts-panel__list">
          {alerts.map((alert) => (
            <li key={alert.id} className={`alerts-panel__item is-${alert.state}`} data-testid="alert-item" data-state={alert.state}>
              <span className="alerts-panel__state">{alert.state === 'open' ? 'Open' : 'Resolved'}</span>{' '}
              <strong>{ALERT_RULE_TEXT[alert.rule]}</strong> · {alertBranchName(alert.branch)} · {alertTimeOf(alert.date)}
              {alert.resolved && ` → ${alertTimeOf(alert.resolved.date)}`} · {describeAlert(alert)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

