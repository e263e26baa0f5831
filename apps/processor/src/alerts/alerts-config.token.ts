/** Nest token of the validated {@link AlertsConfig}. */
export const ALERTS_CONFIG = Symbol('ALERTS_CONFIG');
