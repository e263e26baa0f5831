export interface KpiTileProps {
  label: string;
  value: string;
  /** Secondary line, e.g. the current window's figure. */
  detail: string;
  testId: string;
  /** Longer wording of the detail, shown on hover. */
  title?: string;
  loading?: boolean;
}

/** One headline figure. */
export function KpiTile({ label, value, detail, testId, title, loading }: KpiTileProps) {
  return (
    <div className="kpi" data-testid={testId} aria-busy={loading || undefined}>
      <p className="kpi__label">{label}</p>
      <p className="kpi__value" data-value={value}>
        {loading ? <span className="skeleton skeleton--text" /> : value}
      </p>
      <p className="kpi__detail" title={loading ? undefined : title}>{loading ? '\u00a0' : detail}</p>
    </div>
  );
}
