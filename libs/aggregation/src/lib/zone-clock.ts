import { AggregationError } from './aggregation.error';
import { HOUR_MS, SECOND_MS, formatWallClock, wallClockOf } from './civil-time';

/** An interval `[from, to)` of instants (epoch ms) over which a zone's UTC offset is constant. */
export interface OffsetSegment {
  readonly from: number;
  readonly to: number;
  /** Wall clock minus UTC, in ms (Asia/Seoul: +32,400,000). */
  readonly offset: number;
}

const DIGITS = /(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/;
const MAX_CACHED_HOURS = 200_000;

/**
 * A time zone's UTC offsets, read from `Intl.DateTimeFormat` once per UTC hour and cached, so that
 * labelling an instant is arithmetic. Offset transitions inside an hour are located to the second
 * by bisection. Assumes at most one transition per UTC hour (true of every tzdb zone).
 */
export class ZoneClock {
  /** Canonical IANA name, as resolved by `Intl`. */
  readonly timeZone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly hourOffsets = new Map<number, number>();
  private readonly transitions = new Map<number, number>();

  constructor(timeZone: string) {
    if (typeof timeZone !== 'string' || timeZone.length === 0) {
      throw new AggregationError('INVALID_TIME_ZONE', `time zone must be a non-empty IANA name, got ${String(timeZone)}`);
    }
    try {
      this.formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new AggregationError('INVALID_TIME_ZONE', `unknown time zone "${timeZone}": expected an IANA name such as Asia/Seoul`);
    }
    this.timeZone = this.formatter.resolvedOptions().timeZone;
  }

  /** Offset in ms (wall clock minus UTC) at instant `t`. */
  offsetAt(t: number): number {
    const h = Math.floor(t / HOUR_MS);
    const before = this.hourOffset(h);
    const after = this.hourOffset(h + 1);
    if (before === after) {
      return before;
    }
    return t < this.transitionIn(h, before) ? before : after;
  }

  /** `yyyyMMddHHmmss` of instant `t` on this zone's wall clock. */
  label(t: number): string {
    return formatWallClock(t + this.offsetAt(t));
  }

  /** Constant-offset intervals covering `[from, to)`, in order (requires `from < to`). */
  segments(from: number, to: number): OffsetSegment[] {
    const out: OffsetSegment[] = [];
    let segmentFrom = from;
    let offset = this.offsetAt(from);
    const lastHour = Math.floor((to - 1) / HOUR_MS);
    for (let h = Math.floor(from / HOUR_MS); h <= lastHour; h++) {
      const before = this.hourOffset(h);
      const after = this.hourOffset(h + 1);
      if (before === after) {
        continue;
      }
      const at = this.transitionIn(h, before);
      if (at > from && at < to) {
        out.push({ from: segmentFrom, to: at, offset });
        segmentFrom = at;
        offset = after;
      }
    }
    out.push({ from: segmentFrom, to, offset });
    return out;
  }

  private hourOffset(h: number): number {
    let offset = this.hourOffsets.get(h);
    if (offset === undefined) {
      if (this.hourOffsets.size >= MAX_CACHED_HOURS) {
        this.hourOffsets.clear();
        this.transitions.clear();
      }
      offset = this.intlOffset(h * HOUR_MS);
      this.hourOffsets.set(h, offset);
    }
    return offset;
  }

  /** First instant (whole second) of hour `h` that no longer has the hour's starting offset. */
  private transitionIn(h: number, before: number): number {
    let at = this.transitions.get(h);
    if (at === undefined) {
      let lo = h * HOUR_MS;
      let hi = lo + HOUR_MS;
      while (hi - lo > SECOND_MS) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND_MS)) * SECOND_MS;
        if (this.intlOffset(mid) === before) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      at = hi;
      this.transitions.set(h, at);
    }
    return at;
  }

  private intlOffset(t: number): number {
    const whole = Math.floor(t / SECOND_MS) * SECOND_MS;
    const m = DIGITS.exec(this.formatter.format(whole));
    if (m === null) {
      throw new AggregationError('INVALID_TIME_ZONE', `cannot read the offset of ${this.timeZone} from Intl`);
    }
    // en-US order: month, day, year, hour, minute, second.
    return wallClockOf(Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) - whole;
  }
}
