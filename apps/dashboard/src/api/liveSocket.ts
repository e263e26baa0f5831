import type { LiveStatisticsBody } from '@coffee/aggregation';

/** The part of a socket.io client socket the dashboard uses. */
export interface LiveSocket {
  readonly connected: boolean;
  /** True while the socket connects or will reconnect. */
  readonly active: boolean;
  on(event: 'connect' | 'disconnect' | 'connect_error', listener: () => void): unknown;
  on(event: 'stats', listener: (body: LiveStatisticsBody) => void): unknown;
  emit(event: 'subscribe', payload: { branches: string[] }): unknown;
  removeAllListeners(): unknown;
  connect(): unknown;
  disconnect(): unknown;
}
