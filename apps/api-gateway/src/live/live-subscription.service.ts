import { STATISTIC_TYPES, liveStatisticsBody } from '@coffee/aggregation';
import { StatsStore } from '@coffee/stats-store';
import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { LiveClientRegistry, statsRoom, updateKey, type LiveClient } from './live-client-registry';
import { toStatsPayload, typesKey } from './live-payloads';
import { parseSubscribeRequest, type SubscribeRequest } from './live-requests.parser';

/** Ack of `subscribe`. */
export type SubscribeAck = { ok: true; branches: string[]; types: string[] } | { ok: false; message: string };

/** Handles the dashboard's `subscribe` (the original `{header, body}` protocol is {@link LegacyProtocolService}'s). */
@Injectable()
export class LiveSubscriptionService {
  private readonly logger = new Logger(LiveSubscriptionService.name);

  constructor(
    private readonly clients: LiveClientRegistry,
    private readonly store: StatsStore,
  ) {}

  connect(socket: Socket): void {
    this.clients.connect(socket);
  }

  disconnect(socket: Socket): void {
    this.clients.disconnect(socket);
  }

  /**
   * Replaces the client's `stats` subscription; the ack goes out first, then the current window's
   * totals per branch, then live updates.
   */
  async subscribe(socket: Socket, request: unknown): Promise<SubscribeAck> {
    const client = this.clients.get(socket.id);
    if (client === undefined) {
      return { ok: false, message: 'not connected' };
    }
    let parsed: SubscribeRequest;
    try {
      parsed = parseSubscribeRequest(request);
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const wanted = new Set(parsed.branches.map((branch) => branch.stored));
    for (const branch of client.branches) {
      if (!wanted.has(branch)) {
        await socket.leave(statsRoom(branch));
      }
    }
    for (const branch of wanted) {
      await socket.join(statsRoom(branch));
    }
    client.branches = wanted;
    client.types = parsed.types;
    client.typesKey = typesKey(parsed.types);
    client.liveSeen.clear();
    client.generation += 1;
    client.outbox.discard((key) => !key.startsWith('stats\u0000'));
    const generation = client.generation;
    setImmediate(() => void this.sendSnapshots(client, generation));
    return { ok: true, branches: parsed.branches.map((branch) => branch.client), types: parsed.types ?? [...STATISTIC_TYPES] };
  }

  private async sendSnapshots(client: LiveClient, generation: number): Promise<void> {
    for (const branch of client.branches) {
      // A newer subscribe supersedes this one: no read for it (a burst of subscribes reads once).
      if (client.generation !== generation || !client.socket.connected) {
        return;
      }
      try {
        const totals = await this.store.currentTotals(branch, Date.now());
        if (client.generation !== generation || !client.socket.connected) {
          return;
        }
        const seen = client.liveSeen.get(branch);
        if (seen !== undefined && seen >= totals.date) {
          continue;
        }
        client.outbox.offer(updateKey('stats', branch, totals.date), 'stats', toStatsPayload(liveStatisticsBody(totals, false), client.types));
      } catch (error) {
        this.logger.debug(`no current totals for ${branch}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
