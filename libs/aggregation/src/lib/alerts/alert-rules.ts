import { AggregationError } from '../aggregation.error';

/** `silent`: a branch that had orders recently has none for `windows` consecutive base windows while the chain still has orders. */
export interface SilentRule {
  readonly enabled: boolean;
  /** Consecutive empty base windows that make a branch silent (the alert opens on the last of them). Default 6 (3 min at 30 s). */
  readonly windows: number;
  /**
   * The branch must have had orders within this many base windows (counting the evaluated one);
   * a silence longer than this resolves the alert (the branch is deemed closed). Default 120 (1 h at 30 s).
   */
  readonly activeWithinWindows: number;
  /** Orders the whole chain must have in the silent windows, else nobody is silent (the chain is). Default 1. */
  readonly minChainOrders: number;
}

/** `drop` / `spike`: a window's orders below / above a band around the median of its own recent history. */
export interface BandRule {
  readonly enabled: boolean;
  /** Complete base windows of history before the evaluated one (no alert until that many exist). Default 20. */
  readonly historyWindows: number;
  /** Band half-width in scaled MADs (1.4826 × median absolute deviation, a robust standard deviation). Default 4. */
  readonly madMultiplier: number;
  /** Band half-width at least this fraction of the median (a flat history has MAD 0). Default 0.5. */
  readonly minRelativeWidth: number;
  /** History median (orders per window) below which nothing alerts: quiet hours. Default 10. */
  readonly minVolume: number;
}

/** Every alert rule's thresholds. */
export interface AlertRules {
  readonly silent: SilentRule;
  readonly drop: BandRule;
  readonly spike: BandRule;
}

/** Names of the rules, as they appear in alerts. */
export const ALERT_RULE_NAMES = ['silent', 'drop', 'spike'] as const;
/** One rule's name. */
export type AlertRuleName = (typeof ALERT_RULE_NAMES)[number];

const BAND_DEFAULTS: BandRule = { enabled: true, historyWindows: 20, madMultiplier: 4, minRelativeWidth: 0.5, minVolume: 10 };

/** The documented defaults. */
export const DEFAULT_ALERT_RULES: AlertRules = {
  silent: { enabled: true, windows: 6, activeWithinWindows: 120, minChainOrders: 1 },
  drop: BAND_DEFAULTS,
  spike: BAND_DEFAULTS,
};

/** Largest accepted window count in any rule (bounds the history read per evaluation). */
export const MAX_RULE_WINDOWS = 2_880;

type Field = { readonly kind: 'bool' } | { readonly kind: 'int'; readonly min: number; readonly max: number } | { readonly kind: 'number'; readonly min: number; readonly max: number };

const SILENT_FIELDS: Record<keyof SilentRule, Field> = {
  enabled: { kind: 'bool' },
  windows: { kind: 'int', min: 1, max: MAX_RULE_WINDOWS },
  activeWithinWindows: { kind: 'int', min: 2, max: MAX_RULE_WINDOWS },
  minChainOrders: { kind: 'int', min: 0, max: 1_000_000_000 },
};
const BAND_FIELDS: Record<keyof BandRule, Field> = {
  enabled: { kind: 'bool' },
  historyWindows: { kind: 'int', min: 3, max: MAX_RULE_WINDOWS },
  madMultiplier: { kind: 'number', min: 0, max: 1_000 },
  minRelativeWidth: { kind: 'number', min: 0, max: 1_000 },
  minVolume: { kind: 'number', min: 0, max: 1_000_000_000 },
};

/**
 * Rule thresholds from a partial object (parsed JSON/YAML): missing rules and fields take
 * {@link DEFAULT_ALERT_RULES}.
 * @throws {AggregationError} `INVALID_OPTION` naming every unknown key and bad value (`spike.minVolume: must be a number >= 0, got "x"`).
 */
export function parseAlertRules(input: unknown): AlertRules {
  const problems: string[] = [];
  const root = asRecord(input ?? {}, '(rules)', problems) ?? {};
  for (const key of Object.keys(root)) {
    if (!(ALERT_RULE_NAMES as readonly string[]).includes(key)) {
      problems.push(`${key}: unknown rule (use ${ALERT_RULE_NAMES.join(', ')})`);
    }
  }
  const silent = section(root['silent'], 'silent', DEFAULT_ALERT_RULES.silent, SILENT_FIELDS, problems);
  const drop = section(root['drop'], 'drop', DEFAULT_ALERT_RULES.drop, BAND_FIELDS, problems);
  const spike = section(root['spike'], 'spike', DEFAULT_ALERT_RULES.spike, BAND_FIELDS, problems);
  if (problems.length === 0 && silent.activeWithinWindows <= silent.windows) {
    problems.push(`silent.activeWithinWindows: must be more than silent.windows (${silent.windows}), got ${silent.activeWithinWindows}`);
  }
  if (problems.length > 0) {
    throw new AggregationError('INVALID_OPTION', problems.join('; '));
  }
  return { silent, drop, spike };
}

function section<T extends object>(input: unknown, name: string, defaults: T, fields: Record<keyof T, Field>, problems: string[]): T {
  if (input === undefined) {
    return defaults;
  }
  const record = asRecord(input, name, problems);
  if (record === undefined) {
    return defaults;
  }
  const result = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    const field = (fields as Record<string, Field | undefined>)[key];
    if (field === undefined) {
      problems.push(`${name}.${key}: unknown setting (use ${Object.keys(fields).join(', ')})`);
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem === undefined) {
      result[key] = value;
    } else {
      problems.push(`${name}.${key}: ${problem}, got ${JSON.stringify(value)}`);
    }
  }
  return result as T;
}

function fieldProblem(field: Field, value: unknown): string | undefined {
  switch (field.kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'int':
      return Number.isSafeInteger(value) && (value as number) >= field.min && (value as number) <= field.max
        ? undefined
        : `must be an integer from ${field.min} to ${field.max}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= field.min && value <= field.max
        ? undefined
        : `must be a number from ${field.min} to ${field.max}`;
  }
}

function asRecord(value: unknown, name: string, problems: string[]): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${name}: must be an object, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** Base windows of counts (ending with the evaluated one) an evaluation needs per series. */
export function alertSeriesLength(rules: AlertRules): number {
  return Math.max(rules.silent.windows + 1, rules.drop.historyWindows + 2, rules.spike.historyWindows + 2);
}
