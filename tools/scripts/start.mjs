#!/usr/bin/env node
// `npm start`: the whole pipeline in one command. Ensures Redis (REDIS_URL if it answers, else a local
// redis-server with AOF under .data/redis), builds what needs building, starts generator → collector →
// processor → api-gateway (serving the built dashboard), prefixes each service's logs with its name,
// prints the dashboard URL once the gateway is ready, and on Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { formatLogLine } from './log-format.mjs';
import { startLocalCluster } from './start-cluster.mjs';

const root = join(import.meta.dirname, '..', '..');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
const gatewayPort = Number(env.GATEWAY_PORT ?? 3000);
const rate = env.GENERATOR_RATE ?? '4';
// A scripted incident in the sample data so an alert shows within minutes (`GENERATOR_SCENARIO=` turns it off).
const scenario = env.GENERATOR_SCENARIO ?? 'silent:sunae@2m+4m';
const children = [];
let redisChild;
const clusterChildren = [];
let stopping = false;

function log(message) {
  console.log(`\x1b[1mcoffee-pulse\x1b[0m │ ${message}`);
}

function ping(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      resolve(false);
      return;
    }
    if (parsed.protocol !== 'redis:') {
      resolve(true); // rediss:// or others: trust the user, the services will report problems clearly
      return;
    }
    const socket = createConnection({ host: parsed.hostname, port: Number(parsed.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const auth = parsed.password ? `AUTH ${parsed.username ? `${decodeURIComponent(parsed.username)} ` : ''}${decodeURIComponent(parsed.password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('PONG')) {
        done(true);
      } else if (answer.includes('-')) {
        done(false);
      }
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function ensureRedis() {
  const url = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await ping(url)) {
    log(`using Redis at ${url.replace(/:[^:@/]*@/, ':***@')}`);
    return url;
  }
  if (env.REDIS_URL !== undefined) {
    console.error(`Nothing answers at REDIS_URL=${env.REDIS_URL}. Start Redis there, or unset REDIS_URL to let npm start run a local redis-server.`);
    process.exit(1);
  }
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(
      'Coffee Pulse needs Redis, and redis-server is not installed.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y redis-server\n' +
        '  macOS:         brew install redis\n' +
        'or point REDIS_URL at a running Redis, e.g. REDIS_URL=redis://127.0.0.1:6379 npm start',
    );
    process.exit(1);
  }
  const port = (await portFree(6379)) ? 6379 : await freePort();
  const dir = join(root, '.data', 'redis');
  mkdirSync(dir, { recursive: true });
  redisChild = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  pipe('redis', redisChild);
  const localUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await ping(localUrl)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`started redis-server on port ${port} (data in .data/redis, kept across restarts)`);
  return localUrl;
}

const colours = { redis: 90, generator: 35, collector: 36, processor: 33, 'api-gateway': 32 };
function pipe(name, child) {
  const tag = `\x1b[${colours[name] ?? 37}m${name.padEnd(11)}\x1b[0m │ `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const text = line.trim() === '' ? null : formatLogLine(line);
        if (text !== null) {
          process.stdout.write(tag + text + '\n');
        }
      }
    });
  }
}

function start(name, args, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  pipe(name, child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the pipeline`);
      void stopAll(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        return true;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function stopAll(code) {
  if (stopping) {
    return;
  }
  stopping = true;
  log('stopping: generator first, then collector and processor commit their in-flight batches');
  for (const name of ['generator', 'collector', 'processor', 'api-gateway']) {
    const entry = children.find((c) => c.name === name);
    if (entry && entry.child.exitCode === null && entry.child.signalCode === null) {
      const exited = new Promise((r) => entry.child.once('exit', r));
      entry.child.kill('SIGTERM');
      const timer = setTimeout(() => entry.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
  for (const child of [redisChild, ...clusterChildren]) {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  log('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// Cluster mode: REDIS_CLUSTER_NODES (a running cluster) or REDIS_CLUSTER=<masters> (a local one under .data/cluster).
// A local cluster gets one order shard per master (ORDER_SHARDS overrides), so the keys spread over every master.
let redisEnv;
let orderShards = 1;
if (env.REDIS_CLUSTER_NODES !== undefined && env.REDIS_CLUSTER_NODES !== '') {
  redisEnv = { REDIS_CLUSTER_NODES: env.REDIS_CLUSTER_NODES };
  orderShards = Number(env.ORDER_SHARDS ?? 1);
} else if (env.REDIS_CLUSTER !== undefined && env.REDIS_CLUSTER !== '') {
  try {
    const local = await startLocalCluster({ root, masters: Number(env.REDIS_CLUSTER), basePort: Number(env.REDIS_CLUSTER_PORT ?? 7001), log, pipe });
    clusterChildren.push(...local.children);
    orderShards = Number(env.ORDER_SHARDS ?? env.REDIS_CLUSTER);
    redisEnv = { REDIS_CLUSTER_NODES: local.seeds, REDIS_URL: '', ORDER_SHARDS: String(orderShards) };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await stopAll(1);
  }
} else {
  redisEnv = { REDIS_URL: await ensureRedis() };
}
log('building (cached after the first run)…');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'generator', 'collector', 'processor', 'api-gateway', 'dashboard', '--output-style=static'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('build failed: run `npx nx run-many -t build` to see why');
  await stopAll(1);
}
// Sharded: a file commits into one shard (chosen by its path), so the generator writes one file per shard.
let orderFiles = ['data/CoffeeOrders.txt'];
if (orderShards > 1 && env.ORDERS_FILES === undefined) {
  const { shardIndexOf } = await import('@coffee/redis-io');
  const byShard = new Map();
  for (let n = 0; byShard.size < orderShards && n < 100_000; n++) {
    const file = `data/CoffeeOrders-${n}.txt`;
    const shard = shardIndexOf(resolve(root, file), orderShards);
    if (!byShard.has(shard)) {
      byShard.set(shard, file);
    }
  }
  orderFiles = [...byShard.values()];
}
const serviceEnv = { ...redisEnv, GATEWAY_PORT: String(gatewayPort), ...(orderFiles.length > 1 ? { ORDERS_FILES: orderFiles.join(',') } : {}) };
start('collector', ['apps/collector/dist/main.js'], serviceEnv);
start('processor', ['apps/processor/dist/main.js'], serviceEnv);
start('api-gateway', ['apps/api-gateway/dist/main.js'], serviceEnv);
const fileRate = orderFiles.length === 1 ? rate : String(Math.max(1, Math.round(Number(rate) / orderFiles.length)));
orderFiles.forEach((file, f) =>
  start(orderFiles.length === 1 ? 'generator' : `generator ${f}`, ['tools/generator/dist/main.js', '--rate', fileRate, '--timestamps', ...(scenario === '' ? [] : ['--scenario', scenario]), '--out', file]),
);
if (await waitForHttp(`http://127.0.0.1:${gatewayPort}/api/health`, 60_000)) {
  log(`\x1b[1mdashboard ready: http://127.0.0.1:${gatewayPort}/\x1b[0m  (Ctrl-C stops everything)`);
}
