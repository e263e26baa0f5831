// Covers HistoryAdmission: the cells budget, read slots, the bounded FIFO queue, queue timeouts, idempotent release, separate lanes for small and large reads, and refusals held back by the refusal delay (at most HISTORY_REFUSALS_HELD).
import { HistoryAdmission } from './history-admission';
import { HistoryAdmissionErrorCode } from '../http/history-admission.error';

const options = { maxCells: 100, concurrency: 2, queue: 1, queueTimeoutMs: 1_500, pageCells: 10, refusalDelayMs: 0, refusalsHeld: 10, pagesAtOnce: 1 };
const SMALL = 10;
const LARGE = 11;

describe('HistoryAdmission', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each([
    [100, 1, true],
    [50, 2, true],
    [34, 3, false],
    [101, 1, false],
    [Number.POSITIVE_INFINITY, 1, false],
  ])('budget of 100 cells: %d windows × %d types admitted=%s', (windows, types, admitted) => {
    const admission = new HistoryAdmission(options);
    const refusal = admission.overBudget(windows, types, 'last');
    if (admitted) {
      expect(refusal).toBeUndefined();
    } else {
      expect(refusal).toMatchObject({ code: HistoryAdmissionErrorCode.OverBudget, message: expect.stringMatching(/^last: .*more than the maximum of 100 \(MAX_HISTORY_CELLS\)/) });
    }
  });

  it('runs up to the limit, queues one more, refuses the rest at once, and hands freed slots on in order', async () => {
    const admission = new HistoryAdmission(options);
    const first = await admission.acquire(LARGE);
    const second = await admission.acquire(LARGE);
    const order: string[] = [];
    const queued = admission.acquire(LARGE).then((release) => {
      order.push('queued');
      return release;
    });
    await expect(admission.acquire(LARGE)).rejects.toMatchObject({ code: HistoryAdmissionErrorCode.Overloaded, retryAfterSeconds: 2 });
    expect(admission.state).toEqual({ running: 2, waiting: 1, refused: 1 });
    first();
    first();
    const third = await queued;
    expect(order).toEqual(['queued']);
    expect(admission.state).toEqual({ running: 2, waiting: 0, refused: 1 });
    second();
    third();
    expect(admission.state.running).toBe(0);
  });

  it('refuses a queued read whose wait times out, and frees its queue place', async () => {
    jest.useFakeTimers();
    const admission = new HistoryAdmission({ ...options, concurrency: 1 });
    const held = await admission.acquire(LARGE);
    const waiting = admission.acquire(LARGE);
    jest.advanceTimersByTime(1_499);
    expect(admission.state.waiting).toBe(1);
    jest.advanceTimersByTime(1);
    await expect(waiting).rejects.toMatchObject({ code: HistoryAdmissionErrorCode.Overloaded, message: expect.stringContaining('within 1500 ms') });
    expect(admission.state).toEqual({ running: 1, waiting: 0, refused: 1 });
    held();
    expect(admission.state.running).toBe(0);
  });

  it('keeps small reads flowing while the large lane is full, and the other way round', async () => {
    const admission = new HistoryAdmission({ ...options, concurrency: 1, queue: 0 });
    const large = await admission.acquire(LARGE);
    await expect(admission.acquire(LARGE)).rejects.toMatchObject({ code: HistoryAdmissionErrorCode.Overloaded });
    const small = await admission.acquire(SMALL);
    await expect(admission.acquire(1)).rejects.toMatchObject({ code: HistoryAdmissionErrorCode.Overloaded });
    expect(admission.lanes).toEqual({ small: { running: 1, waiting: 0, refused: 1 }, large: { running: 1, waiting: 0, refused: 1 } });
    large();
    small();
    expect(admission.state).toEqual({ running: 0, waiting: 0, refused: 2 });
  });

  it('frees the slot of a read that fails', async () => {
    const admission = new HistoryAdmission(options);
    await expect(admission.run(SMALL, () => Promise.reject(new Error('redis gone')))).rejects.toThrow('redis gone');
    await expect(admission.run(SMALL, () => Promise.resolve(7))).resolves.toBe(7);
    expect(admission.state.running).toBe(0);
  });

  it('answers a refusal only after the refusal delay, holds at most refusalsHeld, and answers the ones beyond at once', async () => {
    jest.useFakeTimers();
    const admission = new HistoryAdmission({ ...options, concurrency: 1, queue: 0, refusalDelayMs: 1_000, refusalsHeld: 2 });
    const held = await admission.acquire(LARGE);
    const settled: string[] = [];
    const refusals = [1, 2, 3].map((n) =>
      admission.acquire(LARGE).then(
        () => settled.push(`granted ${n}`),
        (error: { code: string }) => settled.push(`${error.code} ${n}`),
      ),
    );
    // The third is beyond the two held: refused at once.
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual([`${HistoryAdmissionErrorCode.Overloaded} 3`]);
    expect(admission.held).toBe(2);
    jest.advanceTimersByTime(999);
    await Promise.resolve();
    expect(settled).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await Promise.all(refusals);
    expect(settled).toEqual([3, 1, 2].map((n) => `${HistoryAdmissionErrorCode.Overloaded} ${n}`));
    expect(admission.held).toBe(0);
    expect(admission.state).toEqual({ running: 1, waiting: 0, refused: 3 });
    held();
  });

  it('forgets a held refusal that is cancelled (its client left): never answered, no longer held', () => {
    jest.useFakeTimers();
    const admission = new HistoryAdmission({ ...options, refusalDelayMs: 500, refusalsHeld: 1 });
    const answered: number[] = [];
    const cancel = admission.deferRefusal(() => answered.push(1));
    expect(admission.held).toBe(1);
    // Beyond refusalsHeld: answered at once.
    admission.deferRefusal(() => answered.push(2));
    expect(answered).toEqual([2]);
    cancel();
    cancel();
    expect(admission.held).toBe(0);
    admission.deferRefusal(() => answered.push(3));
    jest.advanceTimersByTime(500);
    expect(answered).toEqual([2, 3]);
    expect(admission.held).toBe(0);
  });

  it('answers refusals at once when the refusal delay is 0', async () => {
    const admission = new HistoryAdmission({ ...options, concurrency: 1, queue: 0, refusalDelayMs: 0 });
    const held = await admission.acquire(SMALL);
    await expect(admission.acquire(SMALL)).rejects.toMatchObject({ code: HistoryAdmissionErrorCode.Overloaded });
    expect(admission.held).toBe(0);
    held();
  });
});
