// Covers the per-suite redis-server harness: private port, isolation from 6379, AOF survival across kill.
import { createConnection } from 'node:net';
import { startRedisServer, type RedisServer } from './redis-server';

function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.endsWith('\r\n')) {
        socket.destroy();
        resolve(answer.trim());
      }
    });
    socket.once('error', reject);
  });
}

describe('startRedisServer', () => {
  let server: RedisServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('starts a private server on a free port other than 6379', async () => {
    server = await startRedisServer();
    expect(server.port).not.toBe(6379);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await command(server.port, 'SET k v')).toBe('+OK');
    expect(await command(server.port, 'GET k')).toBe('$1\r\nv');
  });

  it('keeps data across a SIGKILL when append-only is on', async () => {
    server = await startRedisServer({ appendOnly: true });
    expect(await command(server.port, 'INCRBY counter 41')).toBe(':41');
    await server.kill();
    await expect(command(server.port, 'PING')).rejects.toThrow();
    await server.start();
    expect(await command(server.port, 'INCR counter')).toBe(':42');
  });

  it('loses data across a restart without append-only', async () => {
    server = await startRedisServer();
    await command(server.port, 'SET k v');
    await server.kill();
    await server.start();
    expect(await command(server.port, 'EXISTS k')).toBe(':0');
  });
});
