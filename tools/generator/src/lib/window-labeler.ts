/**
 * Formats window starts as `yyyyMMddHHmmss` wall-clock labels in one time zone, with
 * `Intl.DateTimeFormat`, caching one label per window start.
 */
export class WindowLabeler {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, string>();

  /** @throws RangeError when `timeZone` is not an IANA zone the runtime knows. */
  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** `yyyyMMddHHmmss` of the instant `epochMs` in the zone. */
  label(epochMs: number): string {
    let label = this.cache.get(epochMs);
    if (label === undefined) {
      label = this.compute(epochMs);
      this.cache.set(epochMs, label);
    }
    return label;
  }

  private compute(epochMs: number): string {
    const part: Record<string, string> = {};
    for (const { type, value } of this.format.formatToParts(epochMs)) {
      part[type] = value;
    }
    return part.year.padStart(4, '0') + part.month + part.day + part.hour + part.minute + part.second;
  }
}
