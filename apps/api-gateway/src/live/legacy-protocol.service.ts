import { Windowing } from '@coffee/aggregation';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { InvalidParameterError } from '../http/invalid-parameter.error';
import { StatsService } from '../stats/stats.service';
import { legacyRoom, LiveClientRegistry, type LiveClient } from './live-client-registry';
import { toLegacyHistoryPacket } from './live-payloads';
import { parseLegacyHistoryRequest } from './live-requests.parser';

/** Most original-protocol subscriptions (branch × type) one client may hold. */
export const MAX_LEGACY_SUBSCRIPTIONS = 64;

/** `ERROR` packet of the original protocol (Coffee Pulse's addition: the original server stayed silent). */
export interface LegacyErrorPacket {
  header: 'ERROR';
  body: { request?: string; code: string; message: string };
}

function errorPacket(code: string, message: string, request?: string): LegacyErrorPacket {
  return { header: 'ERROR', body: { ...(request === undefined ? {} : { request }), code, message } };
}

/** The `code` of a typed error (a string property), if it has one. */
function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/**
 * The original browser protocol of the 2014 express server, on the `message` event:
 * `REQUEST_AUTH` → `RESPONSE_AUTH {status:"ok"}`; `REQUEST_STATISTICS_HISTORY {branch, type, count}`
 * → `RESPONSE_STATISTICS_HISTORY` with the array of windows, then live `PUBLISH_STATISTICS` of that
 * branch and type. A connection's history requests are answered one after the other, each only once
 * its outbox is open (nothing waiting, less than `WS_MAX_BUFFERED` bytes queued), and the answer is
 * queued in that outbox, so a client that does not read holds at most one answer beyond its buffer;
 * at most `WS_MAX_INFLIGHT` requests may wait, beyond that the client gets an `ERROR` at once.
 */
@Injectable()
export class LegacyProtocolService {
  private readonly logger = new Logger(LegacyProtocolService.name);
  private replies = 0;

  constructor(
    private readonly clients: LiveClientRegistry,
    private readonly windowing: Windowing,
    private readonly stats: StatsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Handles one `message` from a client. */
  message(socket: Socket, message: unknown): void {
    const client = this.clients.get(socket.id);
    if (client === undefined) {
      return;
    }
    const header: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'header') : undefined;
    switch (header) {
      case 'REQUEST_AUTH':
        // The original server accepted any name and email.
        client.outbox.offer('message\u0000auth', 'message', { header: 'RESPONSE_AUTH', body: { status: 'ok' } });
        return;
      case 'REQUEST_STATISTICS_HISTORY':
        this.requestHistory(client, Reflect.get(message as object, 'body'));
        return;
      default:
        client.outbox.offer('message\u0000error:header', 'message', errorPacket('UNKNOWN_REQUEST', `header: unknown request ${JSON.stringify(header ?? null)}`));
    }
  }

  private requestHistory(client: LiveClient, body: unknown): void {
    if (client.legacyInFlight >= this.config.wsMaxInflight) {
      client.outbox.offer(
        'message\u0000error:inflight',
        'message',
        errorPacket('TOO_MANY_REQUESTS', `at most ${this.config.wsMaxInflight} requests in flight per connection (WS_MAX_INFLIGHT)`, 'REQUEST_STATISTICS_HISTORY'),
      );
      return;
    }
    client.legacyInFlight += 1;
    this.replies += 1;
    const key = `message\u0000reply:${this.replies}`;
    client.legacyQueue = client.legacyQueue.then(async () => {
      try {
        await this.answerHistory(client, body, key);
      } finally {
        client.legacyInFlight -= 1;
      }
    });
  }

  private async answerHistory(client: LiveClient, body: unknown, key: string): Promise<void> {
    if (!(await client.outbox.whenOpen())) {
      return;
    }
    try {
      const request = parseLegacyHistoryRequest(body, this.config.maxWindows);
      const room = legacyRoom(request.branch.stored, request.type);
      if (!client.legacyRooms.has(room) && client.legacyRooms.size >= MAX_LEGACY_SUBSCRIPTIONS) {
        throw new InvalidParameterError('branch', `at most ${MAX_LEGACY_SUBSCRIPTIONS} subscriptions per connection`);
      }
      const answer = await this.stats.history({
        branch: request.branch,
        types: [request.type],
        resolution: this.windowing.baseResolution,
        span: { last: request.count },
      });
      if (!client.socket.connected) {
        return;
      }
      const windows = answer.series[request.type] ?? [];
      client.outbox.reply(key, 'message', toLegacyHistoryPacket(request.branch.stored, windows));
      const last = windows[windows.length - 1];
      if (last !== undefined) {
        // The page now ends with this window: live packets of older windows would add bars out of order.
        client.legacySeen.set(room, last.date);
      }
      await client.socket.join(room);
      client.legacyRooms.add(room);
    } catch (error) {
      client.outbox.reply(key, 'message', this.historyError(error));
    }
  }

  private historyError(error: unknown): LegacyErrorPacket {
    const request = 'REQUEST_STATISTICS_HISTORY';
    if (error instanceof InvalidParameterError) {
      return errorPacket('INVALID_PARAMETER', error.message, request);
    }
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${request} failed: ${message}`);
    return errorPacket(errorCode(error) ?? 'UNAVAILABLE', `history unavailable: ${message}`, request);
  }
}
