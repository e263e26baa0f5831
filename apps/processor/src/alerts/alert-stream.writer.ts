import type { AlertEvent } from '@coffee/aggregation';
import type { RedisKeys } from '@coffee/redis-io';
import type { RedisClient as Redis } from '@coffee/redis-io';
import { WRITE_ALERT_EVENTS_LUA } from './write-alert-events.lua';

/** Options of {@link AlertStreamWriter}. */
export interface AlertStreamWriterOptions {
  /** Approximate MAXLEN of the alerts stream. */
  readonly maxLen: number;
  /** Lifetime of a dedupe marker, seconds. */
  readonly idTtlSeconds: number;
}

const COMMAND = 'coffeeWriteAlertEvents';
type ScriptCall = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * Appends alert events to the alerts stream exactly once per id (dedupe marker set in the same
 * Lua step as the XADD and the PUBLISH), so any number of processors, restarts and replays write
 * each event once. Returns the events written by this call.
 */
export class AlertStreamWriter {
  private readonly call: ScriptCall;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
    private readonly options: AlertStreamWriterOptions,
  ) {
    const scripted = redis as Redis & Record<string, ScriptCall | undefined>;
    if (typeof scripted[COMMAND] !== 'function') {
      redis.defineCommand(COMMAND, { lua: WRITE_ALERT_EVENTS_LUA });
    }
    const call = scripted[COMMAND];
    if (call === undefined) {
      throw new Error(`script ${COMMAND} could not be registered`);
    }
    this.call = call.bind(redis);
  }

  async write(events: readonly AlertEvent[]): Promise<AlertEvent[]> {
    if (events.length === 0) {
      return [];
    }
    const keys = [this.keys.alertsStream, ...events.map((event) => this.keys.alertMarker(event.id))];
    const args = [this.options.maxLen, this.options.idTtlSeconds, this.keys.alertsChannel, ...events.map((event) => `${event.id}\n${JSON.stringify(event)}`)];
    const reply = await this.call(keys.length, ...keys, ...args);
    const flags = Array.isArray(reply) ? reply : [];
    return events.filter((_event, index) => Number(flags[index]) === 1);
  }
}
