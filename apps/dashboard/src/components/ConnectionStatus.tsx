import type { ConnectionStatus as Status } from '../hooks/useLiveStats';
import { formatClock } from '../lib/formatClock';

const LABELS: Record<Status, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export interface ConnectionStatusProps {
  status: Status;
  updatedAt: number | null;
  timeZone: string;
}

/** Live / reconnecting / offline pill with the time of the last data update. */
export function ConnectionStatus({ status, updatedAt, timeZone }: ConnectionStatusProps) {
  return (
    <div className={`status status--${status}`} data-testid="connection-status" data-status={status} role="status" aria-live="polite">
      <span className="status__dot" aria-hidden="true" />
      <span className="status__label">{LABELS[status]}</span>
      {updatedAt !== null && (
        <span className="status__time" title={`Shop time (${timeZone})`}>
          updated {formatClock(updatedAt, timeZone)}
        </span>
      )}
    </div>
  );
}
