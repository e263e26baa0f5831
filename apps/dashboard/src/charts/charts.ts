// The lazily loaded chart bundle: every recharts-based component, one chunk.
export { RankedBars } from './RankedBars';
export { ShareDonut } from './ShareDonut';
export { StackedTimeChart } from './StackedTimeChart';
