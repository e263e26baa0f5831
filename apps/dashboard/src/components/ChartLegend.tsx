import { useRef, useState, type KeyboardEvent } from 'react';
import { keyboardIndex } from '../lib/keyboardIndex';

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  hidden: boolean;
}

export interface ChartLegendProps {
  items: readonly LegendItem[];
  onToggle: (key: string) => void;
  label: string;
}

/**
 * Every category with its colour; clicking one hides or shows it in the chart. A toolbar: one Tab
 * stop for the whole legend, ←/→/Home/End move between its toggles (ten age grades are not ten stops).
 */
export function ChartLegend({ items, onToggle, label }: ChartLegendProps) {
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const at = Math.min(active, Math.max(0, items.length - 1));
  const onKeyDown = (e: KeyboardEvent) => {
    const next = keyboardIndex(e.key, at, items.length);
    if (next !== null) {
      e.preventDefault();
      setActive(next);
      buttons.current[next]?.focus();
    }
  };
  return (
    <ul className="legend" role="toolbar" aria-label={`${label}: show or hide`} onKeyDown={onKeyDown}>
      {items.map((item, i) => (
        <li key={item.key}>
          <button
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            className="legend__item"
            tabIndex={i === at ? 0 : -1}
            aria-pressed={!item.hidden}
            data-category={item.key}
            title={item.hidden ? `Show ${item.label}` : `Hide ${item.label}`}
            onClick={() => {
              setActive(i);
              onToggle(item.key);
            }}
          >
            <span className="legend__swatch" style={{ background: item.color }} aria-hidden="true" />
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
