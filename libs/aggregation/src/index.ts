export { STATISTIC_TYPES, ALL_BRANCHES } from './lib/contracts';
export type {
  StatisticType,
  ResolutionId,
  HashDelta,
  BatchDelta,
  StatsWindow,
  LiveStatisticsBody,
  LiveStatisticsPacket,
} from './lib/contracts';
