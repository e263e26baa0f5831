export { StatsStore } from './lib/stats-store';
export { ShardedStatsStore, sumCounts, sumWindows, sumTotals } from './lib/sharded-stats-store';
export { LiveChannel } from './lib/live-channel';
export type { LiveSubscription, LiveSubscribeOptions } from './lib/live-channel';
export { parseLivePacket } from './lib/live-packet.parser';
export type { LivePacketParse, OriginalLivePacket } from './lib/live-packet.parser';
export { StatsStoreError, STATS_STORE_ERROR_CODES } from './lib/stats-store.error';
export type { StatsStoreErrorCode } from './lib/stats-store.error';
export { DEFAULT_RETENTION_SECONDS, DEFAULT_BASE_RETENTION_SECONDS, DEFAULT_VOCABULARY } from './lib/stats-store.options';
export { DEFAULT_MAX_CATEGORIES_PER_WINDOW } from './lib/stats-store.options';
export type { StatsStoreOptions, StoreWindowing, StoreWindowRange } from './lib/stats-store.options';
export type {
  AckTarget,
  ApplyResult,
  WindowTotals,
  HistoryQuery,
  HistoryRangeQuery,
  HistoryLastQuery,
  HistoryResult,
  StoredWindow,
} from './lib/stats-store.types';
export { APPLY_WINDOW_BATCH_LUA } from './lib/apply-window-batch.lua';
export { importLegacy } from './lib/legacy-importer';
export type { LegacyImportOptions, LegacyImportSummary } from './lib/legacy-importer';
export { planLegacyGroup } from './lib/legacy-import.plan';
export type { LegacyGroupState, LegacyGroupPlan, LegacyWindowState, LegacyWindowImport, LegacyImportKind, LegacyWindowVerdict } from './lib/legacy-import.plan';
