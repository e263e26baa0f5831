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

/** Every category with its colour; clicking one hides or shows it in the chart. */
export function ChartLegend({ items, onToggle, label }: ChartLegendProps) {
  return (
    <ul className="legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <button
            type="button"
            className="legend__item"
            aria-pressed={!item.hidden}
            data-category={item.key}
            title={item.hidden ? `Show ${item.label}` : `Hide ${item.label}`}
            onClick={() => onToggle(item.key)}
          >
            <span className="legend__swatch" style={{ background: item.color }} aria-hidden="true" />
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
