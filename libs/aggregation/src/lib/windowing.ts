import { AggregationError } from './aggregation.error';
import { HOUR_MS, MAX_TIME, MINUTE_MS, MIN_TIME, SECOND_MS, formatWallClock, parseWallClock } from './civil-time';
import { BASE_PRECISION, ROLLUP_RESOLUTIONS, baseResolutionId } from './resolutions';
import type { ResolutionId } from './contracts';
import { ZoneClock, type OffsetSegment } from './zone-clock';

/** Options of {@link Windowing}; every field is optional. */
export interface WindowingOptions {
  /**
   * Base (tumbling) window size in ms. Default `30_000`. Must be a whole number of seconds dividing
   * 60 s (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60 s) or a whole number of minutes dividing 1 h
   * (2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60 min); windows are aligned to the Unix epoch.
   */
  windowSizeMs?: number;
  /** IANA time zone in which datestrings are written. Default `'Asia/Seoul'`. */
  timeZone?: string;
  /**
   * Roll-up resolutions besides the base: any of `'1m'`, `'1h'`, `'1d'` coarser than the base window
   * (the base id may be listed too; it is always included). Default: all of them that are coarser.
   */
  resolutions?: readonly ResolutionId[];
}

/** One window of one resolution: its datestring and the instants it covers. */
export interface WindowRange {
  /** Resolution id, e.g. `'30s'`, `'1h'`. */
  readonly resolution: ResolutionId;
  /** Datestring: `yyyyMMddHHmmss` (base), `yyyyMMddHHmm` (`1m`), `yyyyMMddHH` (`1h`) or `yyyyMMdd` (`1d`). */
  readonly date: string;
  /** First instant carrying `date`, epoch ms. */
  readonly start: number;
  /**
   * First instant after the last instant carrying `date`, epoch ms (exclusive). Usually
   * `start + duration`; for a window repeated by a fall-back transition it is the end of the second
   * pass, so `[start, end)` then also spans the other windows in between.
   */
  readonly end: number;
}

interface ResolutionSpec {
  readonly id: ResolutionId;
  /** Datestring length: 14, 12, 10 or 8. */
  readonly length: number;
  /** Wall-clock unit the datestring counts (base: 1 s, since base datestrings carry seconds). */
  readonly unitMs: number;
  readonly isBase: boolean;
}

/** A window met by a scan: its datestring, wall-clock start, and the grid start of its last occurrence. */
interface Seen {
  readonly date: string;
  readonly wall: number;
  lastSeen: number;
}

const ROLLUPS: readonly ResolutionSpec[] = ROLLUP_RESOLUTIONS.map((r) => ({ id: r.id, length: r.precision, unitMs: r.durationMs, isBase: false }));
/** Largest |UTC offset| any zone has had (Asia/Manila's LMT was −15:56), rounded up. */
const MAX_OFFSET_MS = 16 * HOUR_MS;
/** Most windows one enumeration may return. */
export const MAX_ENUMERATED_WINDOWS = 100_000;
const MAX_CACHED = 100_000;

function checkWindowSize(size: unknown): number {
  const ok =
    typeof size === 'number' &&
    Number.isInteger(size) &&
    size > 0 &&
    ((size % SECOND_MS === 0 && MINUTE_MS % size === 0) || (size % MINUTE_MS === 0 && HOUR_MS % size === 0));
  if (!ok) {
    throw new AggregationError(
      'INVALID_WINDOW_SIZE',
      `windowSizeMs must be whole seconds dividing 60 s or whole minutes dividing 1 h, got ${String(size)}`,
    );
  }
  return size;
}

/**
 * Event-time windows and their datestrings: tumbling base windows of `windowSizeMs` aligned to the
 * epoch, plus `1m`/`1h`/`1d` roll-ups that follow the zone's wall clock.
 *
 * Datestring semantics: a base window's datestring is its start written `yyyyMMddHHmmss` on the
 * zone's wall clock; the datestring of the window containing `t` at a roll-up is the base-window
 * datestring cut to 12 (`1m`), 10 (`1h`) or 8 (`1d`) characters, so hours and days follow local
 * hours and midnight (a spring-forward day has 23 hourly windows; a fall-back day's repeated hour is
 * one two-hour window). A datestring names exactly one window: where a fall-back transition repeats
 * a wall-clock time, both passes belong to the one window carrying that datestring.
 *
 * Offsets come from `Intl.DateTimeFormat`, cached per UTC hour, and labels are cached per base
 * window, so the per-order cost is arithmetic. Pure: the time is always passed in.
 */
export class Windowing {
  /** Base window size, ms. */
  readonly windowSizeMs: number;
  /** Canonical IANA zone name (as resolved by `Intl`). */
  readonly timeZone: string;
  /** Base resolution id, `${windowSizeMs / 1000}s`, e.g. `'30s'`. */
  readonly baseResolution: ResolutionId;
  /** Configured resolutions: the base first, then the roll-ups from finest to coarsest. */
  readonly resolutions: readonly ResolutionId[];
  private readonly clock: ZoneClock;
  private readonly specs = new Map<ResolutionId, ResolutionSpec>();
  private readonly baseLabels = new Map<number, string>();
  private readonly ranges = new Map<string, WindowRange>();
  private lastLabelStart = Number.NaN;
  private lastLabel = '';

  /** @throws {AggregationError} `INVALID_WINDOW_SIZE`, `INVALID_TIME_ZONE`, `INVALID_RESOLUTION`, `INVALID_OPTION`. */
  constructor(options: WindowingOptions = {}) {
    this.windowSizeMs = checkWindowSize(options.windowSizeMs ?? 30_000);
    this.clock = new ZoneClock(options.timeZone ?? 'Asia/Seoul');
    this.timeZone = this.clock.timeZone;
    this.baseResolution = baseResolutionId(this.windowSizeMs);
    this.specs.set(this.baseResolution, { id: this.baseResolution, length: BASE_PRECISION, unitMs: SECOND_MS, isBase: true });
    const requested = options.resolutions ?? ROLLUPS.filter((r) => r.unitMs > this.windowSizeMs).map((r) => r.id);
    if (!Array.isArray(requested)) {
      throw new AggregationError('INVALID_OPTION', 'resolutions must be an array of resolution ids');
    }
    for (const id of requested) {
      if (id === this.baseResolution) {
        continue;
      }
      const spec = ROLLUPS.find((r) => r.id === id);
      if (spec === undefined) {
        throw new AggregationError('INVALID_RESOLUTION', `unknown resolution "${String(id)}": expected ${this.baseResolution}, 1m, 1h or 1d`);
      }
      if (spec.unitMs <= this.windowSizeMs) {
        throw new AggregationError('INVALID_RESOLUTION', `resolution ${id} is not coarser than the ${this.baseResolution} base window`);
      }
    }
    for (const spec of ROLLUPS) {
      if (requested.includes(spec.id)) {
        this.specs.set(spec.id, spec);
      }
    }
    this.resolutions = Object.freeze([...this.specs.keys()]);
  }

  /**
   * Start (epoch ms) of the base window containing `t`: `t` rounded down to a multiple of the size.
   * @throws {AggregationError} `INVALID_TIMESTAMP` unless `t` is a finite epoch-ms number in years 1000–9999.
   */
  windowStart(t: number): number {
    checkTime(t);
    return floorTo(t, this.windowSizeMs);
  }

  /**
   * Datestring of the window containing `t` at `resolution`: the base window's start on the zone's
   * wall clock, `yyyyMMddHHmmss`, cut to the resolution's length (14, 12, 10 or 8).
   * @throws {AggregationError} `INVALID_TIMESTAMP`, `INVALID_RESOLUTION`.
   */
  datestring(t: number, resolution: ResolutionId): string {
    const spec = this.spec(resolution);
    const label = this.baseLabel(this.windowStart(t));
    return spec.isBase ? label : label.slice(0, spec.length);
  }

  /** The window containing `t` at `resolution` (default: the base resolution). */
  windowAt(t: number, resolution: ResolutionId = this.baseResolution): WindowRange {
    return this.range(this.datestring(t, resolution), this.spec(resolution));
  }

  /**
   * The window a datestring names. `resolution` defaults to the configured one whose datestring has
   * that length (14 base, 12 `1m`, 10 `1h`, 8 `1d`). `start` is the first instant carrying the
   * datestring and `end` the first instant after the last one; for a sub-hour window whose wall-clock
   * time a fall-back transition repeats, the window covers both passes, so `end - start` exceeds its
   * nominal duration (it spans the hour in between).
   * @throws {AggregationError} `INVALID_DATESTRING` (malformed, impossible date, wrong length),
   *   `INVALID_RESOLUTION`, `NO_SUCH_WINDOW` (a time skipped by a spring-forward transition, or a base
   *   datestring that is not a window start).
   */
  parseDatestring(date: string, resolution?: ResolutionId): WindowRange {
    if (typeof date !== 'string') {
      throw new AggregationError('INVALID_DATESTRING', `datestring must be a string, got ${typeof date}`);
    }
    let spec: ResolutionSpec | undefined;
    if (resolution === undefined) {
      spec = [...this.specs.values()].find((s) => s.length === date.length);
      if (spec === undefined) {
        throw new AggregationError('INVALID_DATESTRING', `datestring "${date}" has no configured resolution of length ${date.length}`);
      }
    } else {
      spec = this.spec(resolution);
      if (date.length !== spec.length) {
        throw new AggregationError('INVALID_DATESTRING', `a ${spec.id} datestring has ${spec.length} digits, got "${date}"`);
      }
    }
    return this.range(date, spec);
  }

  /**
   * Distinct windows of `resolution` overlapping `[from, to]` (both inclusive, epoch ms), oldest
   * (earliest start) first; a window repeated by a fall-back transition appears once, and wall-clock
   * times skipped by a spring-forward transition never appear.
   * @throws {AggregationError} `INVALID_TIMESTAMP`, `INVALID_RESOLUTION`, `INVALID_ARGUMENT` (`from > to`),
   *   `RANGE_TOO_LARGE` (more than 100,000 windows).
   */
  windowsBetween(from: number, to: number, resolution: ResolutionId): WindowRange[] {
    const spec = this.spec(resolution);
    const first = this.windowStart(from);
    const last = this.windowStart(to);
    if (from > to) {
      throw new AggregationError('INVALID_ARGUMENT', `from (${from}) is after to (${to})`);
    }
    return this.toRanges([...this.scan(first, last, spec).values()], first, last, spec);
  }

  /**
   * Exactly `count` windows of `resolution`, oldest first: the window containing `now` and the
   * `count - 1` distinct windows before it. Ordered by start, so the window containing `now` is last,
   * except during the second pass of a fall-back transition at sub-hour resolutions, where windows
   * first seen in the first pass after now's wall-clock time follow it.
   * @throws {AggregationError} `INVALID_TIMESTAMP`, `INVALID_RESOLUTION`, `INVALID_ARGUMENT` (count not an
   *   integer in 0..100,000).
   */
  lastWindows(now: number, count: number, resolution: ResolutionId): WindowRange[] {
    const spec = this.spec(resolution);
    const last = this.windowStart(now);
    if (!Number.isInteger(count) || count < 0 || count > MAX_ENUMERATED_WINDOWS) {
      throw new AggregationError('INVALID_ARGUMENT', `count must be an integer in 0..${MAX_ENUMERATED_WINDOWS}, got ${count}`);
    }
    if (count === 0) {
      return [];
    }
    let span = count * Math.max(this.windowSizeMs, spec.unitMs);
    for (;;) {
      const first = Math.max(last - span, ceilTo(MIN_TIME, this.windowSizeMs));
      const seen = this.scan(first, last, spec);
      if (seen.size >= count) {
        const newest = [...seen.values()].sort((a, b) => b.lastSeen - a.lastSeen).slice(0, count);
        return this.toRanges(newest, first, last, spec);
      }
      if (first <= MIN_TIME) {
        throw new AggregationError('INVALID_ARGUMENT', `fewer than ${count} ${spec.id} windows exist before ${now}`);
      }
      span *= 2;
    }
  }

  private spec(resolution: ResolutionId): ResolutionSpec {
    const spec = this.specs.get(resolution);
    if (spec === undefined) {
      throw new AggregationError('INVALID_RESOLUTION', `resolution "${String(resolution)}" is not configured (${this.resolutions.join(', ')})`);
    }
    return spec;
  }

  private baseLabel(start: number): string {
    if (start === this.lastLabelStart) {
      return this.lastLabel;
    }
    let label = this.baseLabels.get(start);
    if (label === undefined) {
      if (this.baseLabels.size >= MAX_CACHED) {
        this.baseLabels.clear();
      }
      label = this.clock.label(start);
      this.baseLabels.set(start, label);
    }
    this.lastLabelStart = start;
    this.lastLabel = label;
    return label;
  }

  /** Windows of the base windows starting in `[first, last]`, in order of first occurrence, with the start of their last occurrence. */
  private scan(first: number, last: number, spec: ResolutionSpec): Map<string, Seen> {
    const size = this.windowSizeMs;
    if ((last - first) / Math.max(size, spec.unitMs) > 2 * MAX_ENUMERATED_WINDOWS) {
      throw new AggregationError('RANGE_TOO_LARGE', `more than ${MAX_ENUMERATED_WINDOWS} ${spec.id} windows requested`);
    }
    const seen = new Map<string, Seen>();
    for (const segment of this.clock.segments(first, last + 1)) {
      const end = Math.min(segment.to - 1, last);
      let s = ceilTo(segment.from, size);
      while (s <= end) {
        const wall = s + segment.offset;
        const date = spec.isBase ? formatWallClock(wall) : formatWallClock(wall).slice(0, spec.length);
        const known = seen.get(date);
        if (known === undefined) {
          seen.set(date, { date, wall: floorTo(wall, spec.unitMs), lastSeen: s });
          if (seen.size > MAX_ENUMERATED_WINDOWS) {
            throw new AggregationError('RANGE_TOO_LARGE', `more than ${MAX_ENUMERATED_WINDOWS} ${spec.id} windows requested`);
          }
        } else {
          known.lastSeen = s;
        }
        s = spec.isBase ? s + size : Math.max(s + size, ceilTo(floorTo(wall, spec.unitMs) + spec.unitMs - segment.offset, size));
      }
    }
    return seen;
  }

  /** Ranges of scanned windows, by start, computed against one set of offset segments. */
  private toRanges(windows: readonly Seen[], first: number, last: number, spec: ResolutionSpec): WindowRange[] {
    const margin = MAX_OFFSET_MS + spec.unitMs + this.windowSizeMs;
    const segments = this.clock.segments(first - margin, last + margin);
    return windows
      .map((w) => {
        const range = this.rangeIn(w.date, w.wall, spec, segments);
        if (range === undefined) {
          throw new AggregationError('NO_SUCH_WINDOW', `no ${spec.id} window is labelled "${w.date}" in ${this.timeZone}`);
        }
        return range;
      })
      .sort((a, b) => a.start - b.start);
  }

  /** The window carrying `date`: every base window whose start's wall clock lies in `[wall, wall + unit)`. */
  private range(date: string, spec: ResolutionSpec): WindowRange {
    const key = `${spec.id}/${date}`;
    const cached = this.ranges.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const wall = parseWallClock(date);
    if (wall === undefined || date.length !== spec.length) {
      throw new AggregationError('INVALID_DATESTRING', `"${date}" is not a valid ${spec.id} datestring (${'yyyyMMddHHmmss'.slice(0, spec.length)})`);
    }
    const range = this.rangeIn(date, wall, spec, this.clock.segments(wall - MAX_OFFSET_MS, wall + spec.unitMs + MAX_OFFSET_MS));
    if (range === undefined) {
      throw new AggregationError('NO_SUCH_WINDOW', `no ${spec.id} window is labelled "${date}" in ${this.timeZone}`);
    }
    if (this.ranges.size >= MAX_CACHED) {
      this.ranges.clear();
    }
    const frozen = Object.freeze(range);
    this.ranges.set(key, frozen);
    return frozen;
  }

  /**
   * The base windows carrying `date` (wall clock `wall`): those whose start `s` lies in a segment
   * with offset `o` and has `s + o` in `[wall, wall + unit)`. `segments` must cover
   * `[wall - 16 h, wall + unit + 16 h]`. `undefined` when there are none.
   */
  private rangeIn(date: string, wall: number, spec: ResolutionSpec, segments: readonly OffsetSegment[]): WindowRange | undefined {
    const size = this.windowSizeMs;
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const segment of segments) {
      const lo = Math.max(segment.from, wall - segment.offset);
      const hi = Math.min(segment.to, wall + spec.unitMs - segment.offset);
      const first = ceilTo(lo, size);
      if (first < hi) {
        start = Math.min(start, first);
        end = Math.max(end, ceilTo(hi, size));
      }
    }
    return start === Number.POSITIVE_INFINITY ? undefined : { resolution: spec.id, date, start, end };
  }
}

/** Throws `INVALID_TIMESTAMP` unless `t` is a finite epoch-ms number in years 1000–9999. */
export function checkTime(t: number): void {
  if (typeof t !== 'number' || !(t >= MIN_TIME && t <= MAX_TIME)) {
    throw new AggregationError('INVALID_TIMESTAMP', `time must be epoch ms within years 1000-9999, got ${String(t)}`);
  }
}

function floorTo(x: number, size: number): number {
  return x - (((x % size) + size) % size);
}

function ceilTo(x: number, size: number): number {
  const floor = floorTo(x, size);
  return floor === x ? x : floor + size;
}
