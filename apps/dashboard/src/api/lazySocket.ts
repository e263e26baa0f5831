import type { LiveStatisticsBody } from '@coffee/aggregation';
import type { LiveSocket } from './liveSocket';

type SocketEvent = 'connect' | 'disconnect' | 'connect_error' | 'stats';
type Listener = (body: LiveStatisticsBody) => void;

/**
 * A socket whose real socket (from `load`, unconnected) arrives later: listeners registered and a connect
 * asked for in the meantime are applied to it once it is there. socket.io-client (12.8 kB gzipped, 41 kB
 * of JS) then loads after the first view instead of in the code the first chart waits for. If `load`
 * fails the socket reports a `connect_error` and stops being active (the dashboard shows "offline").
 */
export class LazySocket implements LiveSocket {
  private socket: LiveSocket | null = null;
  private listeners: [SocketEvent, Listener][] = [];
  private connectWanted = false;
  private closed = false;
  private loadFailed = false;

  constructor(load: () => Promise<LiveSocket>) {
    load().then(
      (socket) => {
        if (this.closed) {
          return;
        }
        this.socket = socket;
        for (const [event, listener] of this.listeners) {
          socket.on(event as 'stats', listener);
        }
        if (this.connectWanted) {
          socket.connect();
        }
      },
      () => {
        this.loadFailed = true;
        for (const [event, listener] of this.listeners) {
          if (event === 'connect_error') {
            (listener as () => void)();
          }
        }
      },
    );
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  get active(): boolean {
    return this.socket ? this.socket.active : !this.closed && !this.loadFailed;
  }

  on(event: SocketEvent, listener: Listener): this {
    this.listeners.push([event, listener]);
    this.socket?.on(event as 'stats', listener);
    return this;
  }

  emit(event: 'subscribe', payload: { branches: string[] }): this {
    this.socket?.emit(event, payload);
    return this;
  }

  removeAllListeners(): this {
    this.listeners = [];
    this.socket?.removeAllListeners();
    return this;
  }

  connect(): this {
    this.connectWanted = true;
    this.socket?.connect();
    return this;
  }

  disconnect(): this {
    this.closed = true;
    this.connectWanted = false;
    this.socket?.disconnect();
    return this;
  }
}
