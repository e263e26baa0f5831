import { isBranchAscii, MAX_BRANCH_NAME_LENGTH } from './branch-name';

/** {@link OrderValueInterner.scan}: not a canonical string value (empty, an escape, a control or non-ASCII byte, or no closing quote). */
export const NOT_A_VALUE = -1;
/** {@link OrderValueInterner.scan}: a canonical value the interner had no room to learn; look it up by its bytes. */
export const NOT_INTERNED = -2;

/** Default most bytes of learnt values: a few thousand distinct short values. */
export const DEFAULT_INTERNER_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Values learnt under one key (their first two bytes); a further one is not interned. */
const CANDIDATES = 8;
/**
 * Bits of each of the first two bytes in a key: 64 KiB of candidates an interner (the bits lost only
 * share keys), and at most 4096 x 8 tokens, so token + 1 always fits the Uint16 candidates.
 */
const KEY_BYTE_BITS = 6;
const KEY_BYTE_MASK = (1 << KEY_BYTE_BITS) - 1;

/**
 * Token ids for the string values of canonical order lines (branches, coffees, payment methods,
 * age grades), found in the same pass that checks their bytes. Each value learnt is filed under
 * its first two bytes; a value is then recognised by comparing its bytes with the few candidates
 * filed under its first two, and its closing quote: a match proves the bytes valid (a learnt value
 * is) and says which value it is, with no hashing and no second pass over the bytes. A value that
 * matches no candidate is checked byte by byte, and learnt.
 *
 * Bounded: at most `maxBytes` bytes of values, and {@link CANDIDATES} values per first two bytes;
 * beyond that new values are still checked, and answered {@link NOT_INTERNED}. Tokens stay valid
 * for the interner's life. Pure and synchronous; one per thread.
 */
export class OrderValueInterner {
  /** The learnt values' bytes, back to back; token t is `values[starts[t] .. starts[t] + lengths[t])`. */
  private values = new Uint8Array(1024);
  private valuesView = new DataView(this.values.buffer);
  private used = 0;
  /** A view of the bytes last scanned, for comparing 4 bytes at a time. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | undefined;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private tokens = 0;
  /** Candidates (token + 1, 0 = none) of each key (the low 6 bits of the first two bytes), {@link CANDIDATES} a key. */
  private readonly candidates = new Uint16Array((1 << (2 * KEY_BYTE_BITS)) * CANDIDATES);
  /** Per token: 1 when the value is also a valid branch name (branch-name bytes, 1..64 long, not `all`). */
  private branchOk = new Uint8Array(64);
  /**
   * Per token, slots a writer may use for ids of its own (e.g. an entry's dictionary id), valid while
   * `slotStamps[token]` equals a stamp it took from {@link newStamp}.
   */
  slotIds = new Int32Array(64);
  slotStamps = new Int32Array(64);
  private stamp = 0;
  /** Index of the closing quote of the last value {@link scan} accepted. */
  end = 0;
  /** What the last {@link scan} returned. */
  token = NOT_A_VALUE;

  constructor(private readonly maxBytes: number = DEFAULT_INTERNER_BYTES) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > 0x1000000) {
      throw new RangeError(`maxBytes must be an integer in 1..16777216, got ${maxBytes}`);
    }
  }

  /** Distinct values learnt. */
  get size(): number {
    return this.tokens;
  }

  /**
   * Checks the string value starting at `from` (just after its opening quote), before `end`: a
   * non-empty run of ASCII bytes 0x20..0x7f other than `"` and `\`, then `"`. Sets {@link end} to
   * the closing quote when it is one.
   *
   * @returns its token (>= 0), {@link NOT_INTERNED}, or {@link NOT_A_VALUE}
   */
  scan(bytes: Uint8Array, from: number, end: number): number {
    if (from + 1 < end) {
      const base = ((((bytes[from] & KEY_BYTE_MASK) << KEY_BYTE_BITS) | (bytes[from + 1] & KEY_BYTE_MASK)) * CANDIDATES) | 0;
      for (let c = 0; c < CANDIDATES; c++) {
        const known = this.candidates[base + c];
        if (known === 0) {
          break;
        }
        const token = known - 1;
        const length = this.lengths[token];
        const close = from + length;
        // From the first byte: the key keeps 6 bits of each of the first two, so other bytes share a key.
        if (close < end && bytes[close] === QUOTE && this.same(bytes, from, this.starts[token], length)) {
          this.end = close;
          return (this.token = token);
        }
      }
    }
    return (this.token = this.learn(bytes, from, end));
  }

  /** True when `bytes[from..from + length)` equals `values[start..start + length)`: 4 bytes at a time, the last 4 overlapping. */
  private same(bytes: Uint8Array, from: number, start: number, length: number): boolean {
    if (length < 4) {
      for (let i = 0; i < length; i++) {
        if (bytes[from + i] !== this.values[start + i]) {
          return false;
        }
      }
      return true;
    }
    if (this.viewOf !== bytes) {
      this.viewOf = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.view;
    const values = this.valuesView;
    const last = length - 4;
    for (let i = 0; i < last; i += 4) {
      if (view.getInt32(from + i, true) !== values.getInt32(start + i, true)) {
        return false;
      }
    }
    return view.getInt32(from + last, true) === values.getInt32(start + last, true);
  }

  /** True when `token`'s value is a valid branch name. */
  isBranch(token: number): boolean {
    return this.branchOk[token] === 1;
  }

  /** A stamp no slot holds yet (see {@link slotIds}). */
  newStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.stamp = 0;
      this.slotStamps.fill(0);
    }
    return ++this.stamp;
  }

  /** The rest of {@link scan}: a value no candidate matched, checked byte by byte, then learnt if there is room. */
  private learn(bytes: Uint8Array, from: number, end: number): number {
    let close = -1;
    for (let i = from; i < end; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        close = i;
        break;
      }
      if (c === BACKSLASH || c < 0x20 || c > 0x7f) {
        return NOT_A_VALUE;
      }
    }
    if (close <= from) {
      return NOT_A_VALUE;
    }
    this.end = close;
    const length = close - from;
    // A one-byte value is keyed with its closing quote.
    const base = ((((bytes[from] & KEY_BYTE_MASK) << KEY_BYTE_BITS) | (bytes[from + 1] & KEY_BYTE_MASK)) * CANDIDATES) | 0;
    let slot = 0;
    while (slot < CANDIDATES && this.candidates[base + slot] !== 0) {
      slot++;
    }
    if (slot === CANDIDATES || this.used + length > this.maxBytes) {
      return NOT_INTERNED;
    }
    const token = this.addToken(bytes, from, close);
    this.candidates[base + slot] = token + 1;
    return token;
  }

  private addToken(bytes: Uint8Array, from: number, close: number): number {
    const token = this.tokens++;
    if (token === this.starts.length) {
      this.starts = grow(this.starts, new Int32Array(token * 2));
      this.lengths = grow(this.lengths, new Int32Array(token * 2));
      this.branchOk = grow(this.branchOk, new Uint8Array(token * 2));
      this.slotIds = grow(this.slotIds, new Int32Array(token * 2));
      this.slotStamps = grow(this.slotStamps, new Int32Array(token * 2));
    }
    const length = close - from;
    if (this.used + length > this.values.length) {
      this.values = grow(this.values, new Uint8Array(Math.min(Math.max(this.values.length * 2, this.used + length), this.maxBytes)));
      this.valuesView = new DataView(this.values.buffer);
    }
    this.values.set(bytes.subarray(from, close), this.used);
    this.starts[token] = this.used;
    this.lengths[token] = length;
    this.used += length;
    this.branchOk[token] = isBranchBytes(bytes, from, close) ? 1 : 0;
    return token;
  }
}

/** True when the ASCII value `bytes[from..close)` is a valid branch name (see `isValidBranchName`). */
export function isBranchBytes(bytes: Uint8Array, from: number, close: number): boolean {
  const length = close - from;
  if (length === 0 || length > MAX_BRANCH_NAME_LENGTH) {
    return false;
  }
  for (let i = from; i < close; i++) {
    if (bytes[i] > 0x7f || !isBranchAscii(bytes[i])) {
      return false;
    }
  }
  // `all` names the all-branches roll-up (`*` cannot pass isBranchAscii).
  return !(length === 3 && bytes[from] === 0x61 && bytes[from + 1] === 0x6c && bytes[from + 2] === 0x6c);
}

function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
