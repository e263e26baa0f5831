/** One category drawn in a chart. */
export interface ChartSeries {
  /** Category (stable React key). */
  key: string;
  label: string;
  color: string;
  hidden: boolean;
}
