/** Counts of one hash: category → count. */
export type Counts = Record<string, number>;

/** One base window of a legacy-import group, as read from Redis. */
export interface LegacyWindowState {
  /** Base datestring (`yyyyMMddHHmmss`). */
  readonly date: string;
  /** Window start, epoch ms. */
  readonly start: number;
  /** The hash's counts; `undefined` when the key does not exist. */
  readonly counts: Counts | undefined;
  /** The hash's TTL in seconds as Redis reports it: `-1` no TTL, `-2` no key, else seconds left. */
  readonly ttl: number;
  /** What the importer already added to the roll-ups from this hash (its marker), if anything. */
  readonly marker: Counts | undefined;
}

/**
 * One branch, statistic type and group window (the first roll-up resolution, usually the minute):
 * its base windows, oldest first, and the branch's roll-up hash of that group window.
 */
export interface LegacyGroupState {
  readonly windows: readonly LegacyWindowState[];
  /** The branch's hash at the group resolution; `undefined` when no roll-up resolution is configured. */
  readonly groupRollup: Counts | undefined;
}

/** Why a window's counts are added to the roll-ups. */
export type LegacyImportKind =
  /** A hash without TTL (only the 2014 system wrote it) imported for the first time. */
  | 'new'
  /** A hash without TTL imported before that has grown since (the old topology still writes). */
  | 'grown'
  /** A hash Coffee Pulse also wrote into, holding old counts the roll-ups lacked. */
  | 'shared';

/** What to add for one base window: to the all-branches hash and every roll-up, once. */
export interface LegacyWindowImport {
  readonly date: string;
  readonly start: number;
  readonly kind: LegacyImportKind;
  /** Increments (all positive) for `*` at the base resolution and both branch and `*` roll-ups. */
  readonly add: Counts;
  /** New marker value: what the importer has added from this hash in total. */
  readonly marker: Counts;
}

/**
 * How each base window of a group was classified (for the summary). `shrunk`: a hash without TTL
 * now holds less than was imported from it (someone deleted fields); nothing is added or removed.
 */
export type LegacyWindowVerdict = LegacyImportKind | 'already-imported' | 'coffee-pulse' | 'absent' | 'shrunk';

/** Outcome of {@link planLegacyGroup}. */
export interface LegacyGroupPlan {
  readonly imports: readonly LegacyWindowImport[];
  /** One verdict per input window, same order. */
  readonly verdicts: readonly LegacyWindowVerdict[];
}

function minus(a: Counts, b: Counts | undefined): Counts {
  const out: Counts = {};
  for (const [field, count] of Object.entries(a)) {
    const rest = count - (b?.[field] ?? 0);
    if (rest > 0) {
      out[field] = rest;
    }
  }
  return out;
}

/** Field-wise maximum: a marker never shrinks, so counts added once are never added again. */
function max(a: Counts, b: Counts | undefined): Counts {
  const out: Counts = { ...b };
  for (const [field, count] of Object.entries(a)) {
    out[field] = Math.max(count, out[field] ?? 0);
  }
  return out;
}

function isEmpty(counts: Counts): boolean {
  return Object.keys(counts).length === 0;
}

function addInto(target: Counts, counts: Counts, sign = 1): void {
  for (const [field, count] of Object.entries(counts)) {
    target[field] = (target[field] ?? 0) + sign * count;
  }
}

/**
 * Decides, for one group of base windows of one branch and type, which old counts are not in the
 * roll-ups yet. Pure. The rule (documented in the README's migration section):
 *
 * - Coffee Pulse sets a TTL on every hash it writes, so a hash **without TTL** holds only the 2014
 *   system's counts: everything in it beyond its marker is added (`new`, `grown`).
 * - A hash **with a TTL** was written by Coffee Pulse, whose own counts are in the roll-ups already.
 *   Once marked, it is left alone. Unmarked, it may also hold old counts (the window in which the
 *   old topology stopped and Coffee Pulse started): those are what the branch's group roll-up
 *   lacks, i.e. the sum of the group's base hashes minus the group roll-up minus what this plan adds
 *   for the hashes without TTL. They are attributed to the group's earliest such windows first
 *   (the old system ran before the new one), each at most its own count (`shared`).
 *
 * Running the plan again on the written result yields no imports: markers cover the hashes without
 * TTL, and the group roll-up then equals the sum of its base hashes.
 */
export function planLegacyGroup(state: LegacyGroupState): LegacyGroupPlan {
  const imports: LegacyWindowImport[] = [];
  const verdicts: LegacyWindowVerdict[] = [];
  const sum: Counts = {};
  const unmarked: LegacyWindowState[] = [];
  for (const window of state.windows) {
    if (window.counts === undefined) {
      verdicts.push('absent');
      continue;
    }
    addInto(sum, window.counts);
    if (window.ttl === -1) {
      const add = minus(window.counts, window.marker);
      const shrunk = window.marker !== undefined && !isEmpty(minus(window.marker, window.counts));
      if (isEmpty(add)) {
        verdicts.push(window.marker === undefined ? 'absent' : shrunk ? 'shrunk' : 'already-imported');
        continue;
      }
      addInto(sum, add, -1);
      const kind = window.marker === undefined ? 'new' : 'grown';
      verdicts.push(kind);
      imports.push({ date: window.date, start: window.start, kind, add, marker: max(window.counts, window.marker) });
      continue;
    }
    verdicts.push(window.marker === undefined ? 'coffee-pulse' : 'already-imported');
    if (window.marker === undefined) {
      unmarked.push(window);
    }
  }
  if (state.groupRollup !== undefined && unmarked.length > 0) {
    const lacking = minus(sum, state.groupRollup);
    for (const window of unmarked) {
      const add: Counts = {};
      for (const [field, count] of Object.entries(lacking)) {
        const take = Math.min(count, window.counts?.[field] ?? 0);
        if (take > 0) {
          add[field] = take;
          lacking[field] = count - take;
        }
      }
      if (!isEmpty(add)) {
        verdicts[state.windows.indexOf(window)] = 'shared';
        imports.push({ date: window.date, start: window.start, kind: 'shared', add, marker: add });
      }
    }
  }
  return { imports, verdicts };
}
