import type { AlertRecord } from '@coffee/aggregation';

/** Display name of an alert rule. */
export const ALERT_RULE_TEXT: Record<AlertRecord['rule'], string> = { silent: 'Silent', drop: 'Drop', spike: 'Spike' };

/** An alert's branch for people: the chain (`*` / `all`) is "all branches". */
export const alertBranchName = (branch: string): string => (branch === '*' || branch === 'all' ? 'all branches' : branch);

/** `yyyyMMddHHmmss` → `HH:mm:ss` (the window's wall-clock start in the gateway's zone). */
export const alertTimeOf = (date: string): string => (date.length >= 14 ? `${date.slice(8, 10)}:${date.slice(10, 12)}:${date.slice(12, 14)}` : date);

/** What an alert measured: `no orders for 6 windows`, `152 orders (usual 30, band 15–45)`. */
export function describeAlert(alert: Pick<AlertRecord, 'rule' | 'value' | 'expected' | 'silentWindows'>): string {
  if (alert.rule === 'silent') {
    return `no orders for ${alert.silentWindows ?? '?'} windows`;
  }
  const band = alert.expected;
  return band === undefined ? `${alert.value} orders` : `${alert.value} orders (usual ${Math.round(band.median)}, band ${Math.max(0, Math.round(band.lower))}–${Math.round(band.upper)})`;
}

/** One sentence for a chart marker's accessible label and tooltip: `Spike alert on jeongja at 09:00:00, resolved at 09:01:00: 152 orders (usual 30, band 15–45)`. */
export function alertSentence(alert: AlertRecord): string {
  const state = alert.resolved ? `resolved at ${alertTimeOf(alert.resolved.date)}` : 'open';
  return `${ALERT_RULE_TEXT[alert.rule]} alert on ${alertBranchName(alert.branch)} at ${alertTimeOf(alert.date)}, ${state}: ${describeAlert(alert)}`;
}
