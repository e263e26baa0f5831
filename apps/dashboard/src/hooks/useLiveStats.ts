import type { LiveStatisticsBody } from '@coffee/aggregation';
import { useEffect, useRef, useState } from 'react';
import { LazySocket } from '../api/lazySocket';
import type { LiveSocket } from '../api/liveSocket';

/** `connecting` before the first connection, `live` while connected, `reconnecting` after a drop, `offline` when not trying or the browser is offline. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveStatsOptions {
  branch: string;
  onStats: (body: LiveStatisticsBody) => void;
  /** Called on every (re)connection, after `subscribe` was sent; `reconnect` is false the first time. */
  onConnect?: (reconnect: boolean) => void;
  /** Socket factory (tests; must be stable): an unconnected socket. Defaults to socket.io on the same origin. */
  connect?: () => LiveSocket;
}

/** socket.io on the same origin, its client library loaded on first use (see LazySocket). */
const defaultConnect = (): LiveSocket =>
  new LazySocket(() => import('socket.io-client').then(({ io }) => io({ path: '/socket.io', transports: ['websocket', 'polling'], autoConnect: false })));

/**
 * The socket.io lifecycle: connects once, subscribes to `branch` on every connection and again
 * when `branch` changes, forwards `stats` bodies and reports the connection status.
 */
export function useLiveStats({ branch, onStats, onConnect, connect = defaultConnect }: LiveStatsOptions): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const socketRef = useRef<LiveSocket | null>(null);
  const latest = useRef({ branch, onStats, onConnect });
  latest.current = { branch, onStats, onConnect };

  useEffect(() => {
    const socket = connect();
    socketRef.current = socket;
    let connectedBefore = false;
    let failed = false;
    const refresh = () => {
      const online = typeof navigator === 'undefined' || navigator.onLine !== false;
      if (socket.connected && online) {
        setStatus('live');
      } else if (!online || !socket.active || (failed && !connectedBefore)) {
        setStatus('offline');
      } else {
        setStatus(connectedBefore ? 'reconnecting' : 'connecting');
      }
    };
    socket.on('connect', () => {
      socket.emit('subscribe', { branches: [latest.current.branch] });
      failed = false;
      refresh();
      latest.current.onConnect?.(connectedBefore);
      connectedBefore = true;
    });
    socket.on('disconnect', refresh);
    socket.on('connect_error', () => {
      failed = true;
      refresh();
    });
    socket.on('stats', (body: LiveStatisticsBody) => latest.current.onStats(body));
    window.addEventListener('offline', refresh);
    window.addEventListener('online', refresh);
    // Connecting a tick later lets a mount that is immediately undone (React StrictMode) skip the socket entirely.
    const opening = setTimeout(() => socket.connect(), 0);
    return () => {
      clearTimeout(opening);
      window.removeEventListener('offline', refresh);
      window.removeEventListener('online', refresh);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [connect]);

  useEffect(() => {
    const socket = socketRef.current;
    if (socket?.connected) {
      socket.emit('subscribe', { branches: [branch] });
    }
  }, [branch]);

  return status;
}
