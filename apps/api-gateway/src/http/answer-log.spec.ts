// Covers logAnswer: the line it writes for an answer equals pino-http's automatic request line under the gateway's own logger options, and nothing is written when info is off.
import { serviceLoggerModule } from '@coffee/service-kit';
import { expectEventually, freePort } from '@coffee/testing';
import { PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pinoHttp, type Options } from 'pino-http';
import { logAnswer } from './answer-log';

/** The pino-http options the gateway's LoggerModule is built with. */
function gatewayPinoHttpOptions(level: string): Options {
  const provider = serviceLoggerModule('api-gateway', level).providers?.find(
    (candidate) => typeof candidate === 'object' && 'provide' in candidate && candidate.provide === PARAMS_PROVIDER_TOKEN,
  );
  const params: unknown = provider !== undefined && 'useValue' in provider ? provider.useValue : undefined;
  return (params as Params).pinoHttp as Options;
}

describe('logAnswer', () => {
  const lines: Record<string, unknown>[] = [];
  const originalRoot = PinoLogger.root;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const middleware = pinoHttp(gatewayPinoHttpOptions('info'), sink);
    // What the LoggerModule does with its pino-http middleware.
    Reflect.set(PinoLogger, 'root', middleware.logger);
    server = createServer((req, res) => {
      if (req.headers['x-through'] === 'pino-http') {
        middleware(req, res, () => res.end('{}'));
      } else {
        logAnswer(req, res, Date.now());
        res.end('{}');
      }
    });
    const port = await freePort();
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    Reflect.set(PinoLogger, 'root', originalRoot);
    await new Promise((closed) => server.close(closed));
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it('writes the line pino-http writes for the same request', async () => {
    const path = '/api/stats?branch=jeongja&last=3';
    await (await fetch(`${baseUrl}${path}`, { headers: { 'x-through': 'pino-http' } })).text();
    await expectEventually(() => expect(lines).toHaveLength(1));
    await (await fetch(`${baseUrl}${path}`)).text();
    await expectEventually(() => expect(lines).toHaveLength(2));
    const [viaPinoHttp, viaLogAnswer] = lines.map(({ time, responseTime, ...rest }) => {
      expect([typeof time, typeof responseTime]).toEqual(['number', 'number']);
      return rest;
    });
    expect(viaLogAnswer).toEqual(viaPinoHttp);
    expect(viaLogAnswer).toEqual({ level: 30, service: 'api-gateway', req: { method: 'GET', url: path }, res: { statusCode: 200 }, msg: 'request completed' });
  });

  it('writes nothing when info is off', async () => {
    PinoLogger.root.level = 'warn';
    try {
      await (await fetch(`${baseUrl}/api/stats`)).text();
      await (await fetch(`${baseUrl}/api/stats`, { headers: { 'x-through': 'pino-http' } })).text();
      expect(lines).toEqual([]);
    } finally {
      PinoLogger.root.level = 'info';
    }
  });
});
