export { ALERT_RULE_NAMES, DEFAULT_ALERT_RULES, MAX_RULE_WINDOWS, parseAlertRules, alertSeriesLength } from './alert-rules';
export type { AlertRules, AlertRuleName, SilentRule, BandRule } from './alert-rules';
export { evaluateAlerts, alertId } from './evaluate-alerts';
export type { AlertEvent, AlertSeries, AlertState, AlertWindowRef } from './evaluate-alerts';
export { alertsOverTimeline } from './alerts-over-timeline';
export type { AlertTimelineOptions } from './alerts-over-timeline';
