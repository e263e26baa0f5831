// The lazily loaded chart bundle, one chunk: the time charts (recharts axes and tooltip under the dashboard's own
// layers) and, with them, the donut and ranked bars (plain SVG / HTML) that the same cards show.
export { RankedBars } from './RankedBars';
export { ShareDonut } from './ShareDonut';
export { StackedTimeChart } from './StackedTimeChart';
