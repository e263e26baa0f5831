/** Placeholder with the chart's height while data or the chart code loads. */
export function ChartSkeleton({ height, label = 'Loading chart…' }: { height: number; label?: string }) {
  return (
    <div className="chart-skeleton" style={{ height }} role="status">
      <span className="skeleton skeleton--block" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </div>
  );
}
