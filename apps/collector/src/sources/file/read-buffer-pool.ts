/**
 * The tailer's read buffers. New bytes are read into the active buffer right after the data
 * already there, so the partial line waiting for its end is never copied while there is room; a
 * full buffer is swapped for a recycled one. A buffer whose lines were handed out is reused only
 * after the caller came back for more lines (see {@link recycle}), so a steady tail neither maps
 * fresh memory for every chunk nor overwrites lines still in use.
 */
export class ReadBufferPool {
  private readonly free: Buffer[] = [];
  private lent: Buffer[] = [];
  private active: Buffer | null = null;
  private end = 0;

  constructor(
    private readonly size: number,
    private readonly minRoom: number,
  ) {}

  /** The lines handed out before this call are no longer in use: their buffers may be reused. */
  recycle(): void {
    for (const buffer of this.lent) {
      if (this.free.length < 2) {
        this.free.push(buffer);
      }
    }
    this.lent = [];
  }

  /**
   * Where the next read goes: `buffer` from `at` on, with `pending` (the unconsumed bytes) just
   * before `at`. Reuses the active buffer when `pending` ends its data and room is left; else
   * moves on to another buffer, copying `pending` to its start.
   */
  prepare(pending: Buffer): { buffer: Buffer; at: number } {
    const active = this.active;
    if (active !== null && active.length - this.end >= this.minRoom && (pending.length === 0 || endsAt(pending, active, this.end))) {
      return { buffer: active, at: this.end };
    }
    if (active !== null) {
      this.lent.push(active);
    }
    const next = this.free.pop() ?? Buffer.allocUnsafe(this.size);
    pending.copy(next, 0);
    this.active = next;
    this.end = pending.length;
    return { buffer: next, at: this.end };
  }

  /** Records that `count` bytes were read into the active buffer at `at`. */
  wrote(at: number, count: number): void {
    this.end = at + count;
  }
}

function endsAt(view: Buffer, buffer: Buffer, end: number): boolean {
  return view.buffer === buffer.buffer && view.byteOffset + view.length === buffer.byteOffset + end;
}
