import type { ReactNode } from 'react';
import { ChartSkeleton } from './ChartSkeleton';
import { StatusMessage } from './StatusMessage';

export type ChartCardState = 'loading' | 'error' | 'empty' | 'ready';

export interface ChartCardProps {
  testId: string;
  title: string;
  /** Visible summary that changes with the data, e.g. "1,234 orders in range". */
  caption: string;
  total: number;
  updatedAt: number | null;
  state: ChartCardState;
  stale?: boolean;
  legend?: ReactNode;
  height: number;
  children: ReactNode;
  className?: string;
}

const EMPTY_TITLE = 'No orders yet — is the generator running?';
const EMPTY_HINT = '`npm start` runs the whole pipeline, generator included. Charts fill in as orders arrive.';
const ERROR_TITLE = 'Could not load the data for this chart.';
const ERROR_HINT = 'See the message above; the dashboard retries by itself.';

/** Frame of one chart: title, live caption, legend and the loading / empty / error states. */
export function ChartCard({ testId, title, caption, total, updatedAt, state, stale, legend, height, children, className }: ChartCardProps) {
  return (
    <section
      className={`card chart-card${stale && (state === 'ready' || state === 'empty') ? ' is-stale' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      data-state={state}
      data-total={total}
      data-updated-at={updatedAt ?? undefined}
      aria-busy={state === 'loading' || stale || undefined}
    >
      <header className="card__header">
        <h2 className="card__title">{title}</h2>
        <p className="card__caption" data-testid={`${testId}-caption`}>
          {state === 'ready' || state === 'empty' ? caption : '\u00a0'}
        </p>
      </header>
      {legend}
      <div className="card__body">
        {state === 'loading' && <ChartSkeleton height={height} label="Loading history…" />}
        {state === 'error' && (
          <div className="card__state" style={{ minHeight: height }}>
            <StatusMessage tone="error" title={ERROR_TITLE} hint={ERROR_HINT} />
          </div>
        )}
        {state === 'empty' && (
          <div className="card__state" style={{ minHeight: height }}>
            <StatusMessage tone="info" title={EMPTY_TITLE} hint={EMPTY_HINT} testId={`${testId}-empty`} />
          </div>
        )}
        {state === 'ready' && children}
      </div>
    </section>
  );
}
