// Covers the per-client outbox: direct writes while the client keeps up, coalescing per key and a hard bound while it is behind, flushing in order once it drains, request replies that are never dropped, and waiting for room.
import { bufferedBytes, ClientOutbox, type OutboxSocket } from './client-outbox';

class FakeSocket implements OutboxSocket {
  connected = true;
  readonly written: [string, unknown][] = [];
  readonly ws = { bufferedAmount: 0 };
  readonly conn = { readyState: 'open', transport: { socket: this.ws }, writeBuffer: [] as { data: string }[] };

  emit(event: string, payload: unknown): boolean {
    this.written.push([event, payload]);
    return true;
  }
}

function setup(limits = { maxBufferedBytes: 100, maxPending: 3 }) {
  const socket = new FakeSocket();
  const counts = { sent: 0, coalesced: 0, dropped: 0 };
  const outbox = new ClientOutbox(socket, limits, {
    sent: (_event, n) => (counts.sent += n),
    coalesced: () => (counts.coalesced += 1),
    dropped: () => (counts.dropped += 1),
  });
  return { socket, outbox, counts };
}

describe('bufferedBytes', () => {
  it('adds engine.io write buffer packets and the WebSocket send buffer', () => {
    const socket = new FakeSocket();
    socket.conn.writeBuffer.push({ data: 'x'.repeat(30) }, { data: 'y'.repeat(12) });
    socket.ws.bufferedAmount = 8;
    expect(bufferedBytes(socket)).toBe(50);
  });

  it('counts unknown shapes as empty', () => {
    const socket: OutboxSocket = { connected: true, emit: () => true, conn: { readyState: 'open', transport: {} } };
    expect(bufferedBytes(socket)).toBe(0);
  });
});

describe('ClientOutbox', () => {
  it('writes directly while the client keeps up', () => {
    const { socket, outbox, counts } = setup();
    expect(outbox.offer('a', 'stats', 1)).toBe(true);
    expect(outbox.offer('a', 'stats', 2)).toBe(true);
    expect(socket.written).toEqual([
      ['stats', 1],
      ['stats', 2],
    ]);
    expect(counts).toEqual({ sent: 2, coalesced: 0, dropped: 0 });
    expect(outbox.size).toBe(0);
  });

  it('keeps only the latest update per key while the client is behind, bounded, and flushes them in order', () => {
    const { socket, outbox, counts } = setup();
    socket.ws.bufferedAmount = 100;
    expect(outbox.open).toBe(false);
    for (let i = 1; i <= 5; i += 1) {
      outbox.offer('w1', 'stats', `w1-${i}`);
    }
    outbox.offer('w2', 'stats', 'w2-1');
    outbox.offer('w3', 'message', 'w3-1');
    outbox.offer('w4', 'stats', 'w4-1');
    expect(socket.written).toEqual([]);
    expect(outbox.size).toBe(3);
    expect(counts).toEqual({ sent: 0, coalesced: 4, dropped: 1 });

    // Still behind: new updates queue behind the waiting ones, never overtake them.
    socket.ws.bufferedAmount = 0;
    outbox.offer('w3', 'message', 'w3-2');
    expect(socket.written).toEqual([]);
    expect(outbox.flush()).toBe(3);
    expect(socket.written).toEqual([
      ['stats', 'w2-1'],
      ['stats', 'w4-1'],
      ['message', 'w3-2'],
    ]);
    expect(outbox.open).toBe(true);
  });

  it('stops flushing as soon as the client is full again', () => {
    const { socket, outbox } = setup();
    socket.conn.readyState = 'opening';
    outbox.offer('a', 'stats', 1);
    outbox.offer('b', 'stats', 2);
    socket.conn.readyState = 'open';
    const emit = socket.emit.bind(socket);
    socket.emit = (event, payload) => {
      socket.ws.bufferedAmount = 1_000;
      return emit(event, payload);
    };
    expect(outbox.flush()).toBe(1);
    expect(outbox.size).toBe(1);
  });

  it('discards updates by key', () => {
    const { socket, outbox } = setup();
    socket.connected = false;
    outbox.offer('stats:a', 'stats', 1);
    outbox.offer('message:a', 'message', 2);
    outbox.discard((key) => key.startsWith('message'));
    expect(outbox.size).toBe(1);
    outbox.discard();
    expect(outbox.size).toBe(0);
  });

  it('keeps replies in order behind waiting updates, never coalesces or drops them, and does not count them against maxPending', () => {
    const { socket, outbox, counts } = setup({ maxBufferedBytes: 100, maxPending: 1 });
    socket.ws.bufferedAmount = 100;
    outbox.offer('live-1', 'message', 'live-1');
    outbox.reply('reply-1', 'message', 'answer-1');
    outbox.reply('reply-2', 'message', 'answer-2');
    outbox.offer('live-2', 'message', 'live-2');
    expect(outbox.size).toBe(3);
    expect(counts.dropped).toBe(1);
    socket.ws.bufferedAmount = 0;
    outbox.flush();
    expect(socket.written.map(([, payload]) => payload)).toEqual(['answer-1', 'answer-2', 'live-2']);
  });

  it('resolves whenOpen at once while open, after the flush that empties it, and false when the client leaves', async () => {
    const { socket, outbox } = setup();
    await expect(outbox.whenOpen()).resolves.toBe(true);
    socket.ws.bufferedAmount = 100;
    let opened: boolean | undefined;
    void outbox.whenOpen().then((open) => (opened = open));
    outbox.flush();
    await Promise.resolve();
    expect(opened).toBeUndefined();
    expect(outbox.waiting).toBe(1);
    socket.ws.bufferedAmount = 0;
    outbox.flush();
    await Promise.resolve();
    expect(opened).toBe(true);

    socket.ws.bufferedAmount = 100;
    outbox.reply('r', 'message', 'answer');
    const left = outbox.whenOpen();
    socket.connected = false;
    outbox.close();
    await expect(left).resolves.toBe(false);
    expect(outbox.size).toBe(0);
    await expect(outbox.whenOpen()).resolves.toBe(false);
  });
});
