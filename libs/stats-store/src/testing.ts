// Test fixtures for suites that run the store on a real redis-server (sample orders, key prefixes,
// a private server per suite, a reply-dropping proxy): served as `@coffee/stats-store/testing`,
// never part of the main bundle (uses jest's lifecycle hooks and `@coffee/testing`).
export { T0, sampleOrders, expectedCounts } from './testing/sample-orders';
export { uniqueKeys, connect, disconnect, disconnectAll, pendingEntries, readAsConsumer, pendingFor, useStoreServer } from './testing/stats-store.fixture';
export type { StoreServer } from './testing/stats-store.fixture';
export { startReplyDroppingProxy } from './testing/reply-dropping-proxy';
export type { ReplyDroppingProxy } from './testing/reply-dropping-proxy';
