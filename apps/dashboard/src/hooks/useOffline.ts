import { useEffect, useState } from 'react';
import type { ConnectionStatus } from './useLiveStats';

/** How long the gateway may be away before the page says its data is stale, ms. */
export const OFFLINE_GRACE_MS = 3000;

/**
 * True once the live connection has been down (reconnecting or offline, after having been live) for
 * `graceMs`: a short blip does not dim the page. Back to false as soon as it is live again.
 */
export function useOffline(status: ConnectionStatus, graceMs = OFFLINE_GRACE_MS): boolean {
  const [offline, setOffline] = useState(false);
  const down = status === 'reconnecting' || status === 'offline';
  useEffect(() => {
    if (!down) {
      setOffline(false);
      return undefined;
    }
    const id = setTimeout(() => setOffline(true), graceMs);
    return () => clearTimeout(id);
  }, [down, graceMs]);
  return offline;
}
