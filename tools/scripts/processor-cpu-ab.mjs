#!/usr/bin/env node
// Processor CPU per order, A/B: alternates built checkouts (each a directory with apps/processor/dist built),
// one processor at a time on the same preloaded compact (or JSON) stream, and prints CPU-µs per order
// (user + system time of the processor process from its first read until the stream is drained, from
// /proc), then the median per checkout. CPU, not wall-clock: valid on a machine shared with other work.
// Usage: node tools/scripts/processor-cpu-ab.mjs <dirA> [<dirB> …]
// Env: AB_ORDERS (default 2,000,000), AB_RUNS (rounds, default 3), AB_FORMAT (compact|json),
//      AB_PROF_DIR (runs each processor under --cpu-prof, profiles written there).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { startRedisServer, freePort } from '@coffee/testing';
import { RedisKeys } from '@coffee/redis-io';
import { makeEntries } from '../../bench/lib/sample-entries.mjs';
import { readFileSync } from 'node:fs';

const dirs = process.argv.slice(2).map((d) => resolve(d));
const ORDERS = Number(process.env.AB_ORDERS ?? 2_000_000);
const RUNS = Number(process.env.AB_RUNS ?? 3);
const FORMAT = process.env.AB_FORMAT ?? 'compact';
const PROF_DIR = process.env.AB_PROF_DIR;
const PER_ENTRY = 500;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** User and system CPU seconds of a process, from /proc (clock ticks of 1/100 s). */
const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
};


// The same orders as bench/processor.bench.mjs.
const { bodies } = makeEntries(ORDERS, 7, { format: FORMAT, perEntry: PER_ENTRY });
const server = await startRedisServer();
const redis = new Redis(server.url);

async function run(dir, label) {
  const keys = new RedisKeys({ prefix: `ab-${label}:` });
  let pipeline = redis.pipeline();
  for (let i = 0; i < bodies.length; i++) {
    pipeline.xadd(keys.ordersStream, '*', 'n', String(PER_ENTRY), 'o', bodies[i]);
    if (i % 200 === 199) {
      await pipeline.exec();
      pipeline = redis.pipeline();
    }
  }
  await pipeline.exec();
  const port = await freePort();
  const args = PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...args, join(dir, 'apps/processor/dist/main.js')], {
    cwd: dir,
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: server.url, KEY_PREFIX: keys.prefix, PROCESSOR_PORT: String(port), CONSUMER_NAME: label },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  let cpu0;
  for (;;) {
    const groups = await redis.call('XINFO', 'GROUPS', keys.ordersStream).catch(() => []);
    const g = groups.find((x) => x[x.indexOf('name') + 1] === RedisKeys.PROCESSOR_GROUP);
    if (g) {
      const f = {};
      for (let i = 0; i < g.length; i += 2) {
        f[g[i]] = g[i + 1];
      }
      if (cpu0 === undefined && Number(f['entries-read'] ?? 0) > 0) {
        cpu0 = cpuOf(child.pid);
      }
      const stream = await redis.call('XINFO', 'STREAM', keys.ordersStream);
      if (cpu0 !== undefined && Number(f.pending) === 0 && f['last-delivered-id'] === stream[stream.indexOf('last-generated-id') + 1]) {
        break;
      }
    }
    await sleep(cpu0 === undefined ? 5 : 20);
  }
  const cpu = cpuOf(child.pid);
  child.kill('SIGTERM');
  await exited;
  await redis.del(keys.ordersStream);
  const user = ((cpu.user - cpu0.user) * 1e6) / ORDERS;
  const system = ((cpu.system - cpu0.system) * 1e6) / ORDERS;
  return { total: user + system, user, system };
}

const results = dirs.map(() => []);
try {
  for (let r = 0; r < RUNS; r++) {
    for (let d = 0; d < dirs.length; d++) {
      const us = await run(dirs[d], `${d}-${r}`);
      results[d].push(us.total);
      console.log(`round ${r + 1} ${dirs[d]}: ${us.total.toFixed(3)} CPU-µs/order (user ${us.user.toFixed(3)}, system ${us.system.toFixed(3)})`);
    }
  }
} finally {
  redis.disconnect();
  await server.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
dirs.forEach((d, i) => console.log(`${d}: median ${median(results[i]).toFixed(3)} CPU-µs/order over ${RUNS} runs of ${ORDERS.toLocaleString('en-US')} ${FORMAT} orders (${results[i].map((x) => x.toFixed(3)).join(', ')})`));
