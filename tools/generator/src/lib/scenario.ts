import type { CoffeeOrder } from '@coffee/order-schema';
import { GeneratorConfigError } from './generator-config.error';
import type { Prng } from './prng';

/** One scripted incident, on event time relative to the run's first order. */
export interface Scenario {
  /** `silent`: the branch writes nothing; `spike`: each of its orders is written `factor` times; `drop`: only a `factor` share of its orders is written. */
  readonly kind: 'silent' | 'spike' | 'drop';
  readonly branch: string;
  /** Offset of the incident from the first order's event time, ms. */
  readonly atMs: number;
  readonly durationMs: number;
  /** `spike`: an integer >= 2 (default 5); `drop`: a share in (0, 1) (default 0.2); `silent`: 0. */
  readonly factor: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const ITEM = /^(silent|spike|drop):([^:@\s*,]+)@(\d+)(ms|s|m|h)\+(\d+)(ms|s|m|h)(?:\*([0-9.]+))?$/;

/**
 * Reads `--scenario`: comma-separated `<kind>:<branch>@<offset>+<duration>[*<factor>]`, durations in
 * ms, s, m or h, e.g. `silent:sunae@10m+5m,spike:jeongja@20m+1m*5,drop:migeum@30m+2m*0.2`.
 * @throws GeneratorConfigError naming `--scenario` and the bad item.
 */
export function parseScenarios(text: string): Scenario[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item): Scenario => {
      const match = ITEM.exec(item);
      if (match === null) {
        throw new GeneratorConfigError('--scenario', `'${item}' is not <silent|spike|drop>:<branch>@<offset>+<duration>[*<factor>], e.g. spike:jeongja@20m+1m*5`);
      }
      const [, kind = '', branch = '', at = '', atUnit = '', duration = '', durationUnit = '', factorText] = match;
      const durationMs = Number(duration) * (UNIT_MS[durationUnit] ?? 0);
      if (durationMs <= 0) {
        throw new GeneratorConfigError('--scenario', `'${item}': the duration must be positive`);
      }
      const factor = factorText === undefined ? (kind === 'spike' ? 5 : kind === 'drop' ? 0.2 : 0) : Number(factorText);
      if (kind === 'spike' && !(Number.isInteger(factor) && factor >= 2 && factor <= 100)) {
        throw new GeneratorConfigError('--scenario', `'${item}': a spike factor must be an integer 2..100`);
      }
      if (kind === 'drop' && !(factor > 0 && factor < 1)) {
        throw new GeneratorConfigError('--scenario', `'${item}': a drop factor must be a share between 0 and 1`);
      }
      if (kind === 'silent' && factorText !== undefined) {
        throw new GeneratorConfigError('--scenario', `'${item}': silent takes no factor`);
      }
      return { kind: kind as Scenario['kind'], branch, atMs: Number(at) * (UNIT_MS[atUnit] ?? 0), durationMs, factor };
    });
}

/**
 * Applies scenarios to generated orders: how many times each order is written (0, 1 or a spike's
 * factor). Offsets count from the first order's event time. Drop decisions draw from their own
 * seeded stream, so the run stays deterministic and the other orders unchanged.
 */
export class ScenarioPlayer {
  private origin: number | undefined;

  constructor(
    private readonly scenarios: readonly Scenario[],
    private readonly prng: Prng,
  ) {}

  /** Copies of `order` (which has its timestamp) to write. */
  copies(order: CoffeeOrder): number {
    const t = order.timestamp ?? 0;
    this.origin ??= t;
    const offset = t - this.origin;
    for (const scenario of this.scenarios) {
      if (scenario.branch !== order.branch || offset < scenario.atMs || offset >= scenario.atMs + scenario.durationMs) {
        continue;
      }
      switch (scenario.kind) {
        case 'silent':
          return 0;
        case 'spike':
          return scenario.factor;
        case 'drop':
          return this.prng.next() < scenario.factor ? 1 : 0;
      }
    }
    return 1;
  }
}
