// Covers listenWithFallback: a taken port moves to the next free one when fallback is allowed, and fails the start when it is not.
import { createServer, type Server } from 'node:net';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { freePort } from '@coffee/testing';
import { listenWithFallback } from './bootstrap-service';

@Module({})
class EmptyModule {}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('listenWithFallback', () => {
  let taken: Server;
  let port: number;
  let app: INestApplication;

  beforeEach(async () => {
    port = await freePort();
    taken = await occupy(port);
    app = await NestFactory.create(EmptyModule, { logger: false });
  });
  afterEach(async () => {
    await app.close();
    await new Promise((resolve) => taken.close(resolve));
  });

  it('takes another port when the one asked for is taken and fallback is allowed', async () => {
    const used = await listenWithFallback(app, port, '127.0.0.1', 3);
    expect(used).not.toBe(port);
    expect((await fetch(`http://127.0.0.1:${used}/`)).status).toBe(404);
  });

  it('fails with EADDRINUSE when the port is taken and fallback is 0', async () => {
    await expect(listenWithFallback(app, port, '127.0.0.1', 0)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
