// Covers PageTurns: at most `atOnce` pages at a time however many answers ask, turns handed on in order, and
// a turn handed on only in a later event-loop iteration (I/O and immediates queued meanwhile run first).
import { PageTurns, type EndTurn } from './page-turns';

const nextIteration = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PageTurns', () => {
  it('grants at most atOnce turns to five answers asking at once, the others in order as turns end', async () => {
    const turns = new PageTurns(2);
    const granted: number[] = [];
    const ends = new Map<number, EndTurn>();
    for (const n of [1, 2, 3, 4, 5]) {
      void turns.take().then((end) => {
        granted.push(n);
        ends.set(n, end);
      });
    }
    await nextIteration();
    expect(granted).toEqual([1, 2]);
    expect(turns.state).toEqual({ taken: 2, waiting: 3 });
    ends.get(2)?.();
    ends.get(2)?.();
    await nextIteration();
    await nextIteration();
    expect(granted).toEqual([1, 2, 3]);
    ends.get(1)?.();
    ends.get(3)?.();
    await nextIteration();
    await nextIteration();
    expect(granted).toEqual([1, 2, 3, 4, 5]);
    expect(turns.state).toEqual({ taken: 2, waiting: 0 });
    ends.get(4)?.();
    ends.get(5)?.();
    await nextIteration();
    expect(turns.state).toEqual({ taken: 0, waiting: 0 });
  });

  it('hands a turn on only after callbacks queued during the page have run', async () => {
    const turns = new PageTurns(1);
    const order: string[] = [];
    const end = await turns.take();
    const second = turns.take().then((endSecond) => {
      order.push('next page');
      endSecond();
    });
    // Queued while the first page is worked on (as a request arriving meanwhile would be).
    setImmediate(() => order.push('other work'));
    end();
    await second;
    expect(order).toEqual(['other work', 'next page']);
  });
});
