import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { LegacyProtocolService } from './legacy-protocol.service';
import { LiveClientRegistry } from './live-client-registry';
import { LiveSubscriptionService, type SubscribeAck } from './live-subscription.service';

/** socket.io endpoint (`/socket.io`): `subscribe` → `stats`, and the original `message` protocol. Delegates only. */
@WebSocketGateway()
export class StatsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer()
  server!: Server;

  constructor(
    private readonly clients: LiveClientRegistry,
    private readonly subscriptions: LiveSubscriptionService,
    private readonly legacy: LegacyProtocolService,
  ) {}

  afterInit(server: Server): void {
    this.clients.attach(server);
  }

  handleConnection(socket: Socket): void {
    this.subscriptions.connect(socket);
  }

  handleDisconnect(socket: Socket): void {
    this.subscriptions.disconnect(socket);
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: Socket, @MessageBody() request: unknown): Promise<SubscribeAck> {
    return this.subscriptions.subscribe(socket, request);
  }

  @SubscribeMessage('message')
  message(@ConnectedSocket() socket: Socket, @MessageBody() message: unknown): void {
    this.legacy.message(socket, message);
  }
}
