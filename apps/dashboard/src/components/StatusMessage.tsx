import type { ReactNode } from 'react';

export interface StatusMessageProps {
  tone: 'info' | 'error' | 'loading';
  title: string;
  /** Text where `backticked` parts render as code. */
  hint?: string;
  action?: ReactNode;
  testId?: string;
}

const withCode = (text: string): ReactNode[] =>
  text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));

/** What is happening and what to do about it (loading, empty, error). */
export function StatusMessage({ tone, title, hint, action, testId }: StatusMessageProps) {
  return (
    <div className={`message message--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="message__icon" aria-hidden="true">
        {tone === 'error' ? '!' : tone === 'loading' ? '' : 'i'}
      </span>
      <div className="message__text">
        <p className="message__title">{withCode(title)}</p>
        {hint && <p className="message__hint">{withCode(hint)}</p>}
      </div>
      {action}
    </div>
  );
}
