// Acknowledged-but-lost orders when redis-server is killed with SIGKILL under write load, per persistence setting
// (AOF with appendfsync always / everysec / no, and RDB snapshots only), plus the write rate each setting allows.
// Each run: a private redis-server on a free port, CLIENTS connections XADD order entries as fast as Redis answers
// (every answered XADD is an acknowledged order), SIGKILL after LOAD_MS, restart on the same files, count which
// acknowledged entry ids are missing.  Usage: node bench/appendfsync-loss.bench.mjs  (env: LOAD_MS, CLIENTS, ROUNDS)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { report } from './lib/report.mjs';
import { freePort } from '@coffee/testing';

const LOAD_MS = Number(process.env.LOAD_MS ?? 3000);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ORDER = JSON.stringify({ branch: 'jeongja', orders: ['Americano', 'Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030' });

const SETTINGS = {
  'appendfsync always': ['--appendonly', 'yes', '--appendfsync', 'always'],
  'appendfsync everysec': ['--appendonly', 'yes', '--appendfsync', 'everysec'],
  'appendfsync no': ['--appendonly', 'yes', '--appendfsync', 'no'],
  'RDB only (save 60 1000)': ['--appendonly', 'no', '--save', '60 1000'],
};

function startRedis(port, dir, args) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Ready to accept connections')) {
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
}

async function round(name, args) {
  const dir = mkdtempSync(join(tmpdir(), 'aof-loss-'));
  const port = await freePort();
  let child = await startRedis(port, dir, args);
  const acked = [];
  let stop = false;
  const clients = Array.from({ length: CLIENTS }, () => new Redis({ port, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null }));
  clients.forEach((c) => c.on('error', () => undefined));
  await Promise.all(clients.map((c) => new Promise((resolve) => c.once('ready', resolve))));
  const started = performance.now();
  const writers = clients.map(async (client) => {
    while (!stop) {
      try {
        acked.push(await client.xadd('orders', '*', 'order', ORDER));
      } catch {
        return;
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(writers);
  clients.forEach((c) => c.disconnect());
  await exited;
  child = await startRedis(port, dir, args);
  const check = new Redis({ port });
  const present = new Set();
  let cursor = '-';
  for (;;) {
    const page = await check.xrange('orders', cursor, '+', 'COUNT', 10_000);
    for (const [id] of page) {
      present.add(id);
    }
    if (page.length < 10_000) {
      break;
    }
    cursor = `(${page[page.length - 1][0]}`;
  }
  check.disconnect();
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  rmSync(dir, { recursive: true, force: true });
  const lost = acked.filter((id) => !present.has(id)).length;
  console.log(`${name}: ${acked.length} acknowledged in ${elapsed.toFixed(1)} s, ${lost} lost after SIGKILL + restart`);
  return { acked: acked.length, lost, rate: acked.length / elapsed };
}

const rows = [];
for (const [name, args] of Object.entries(SETTINGS)) {
  let acked = 0;
  let lost = 0;
  let worstLost = 0;
  let rate = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const result = await round(name, args);
    acked += result.acked;
    lost += result.lost;
    worstLost = Math.max(worstLost, result.lost);
    rate += result.rate / ROUNDS;
  }
  rows.push({ metric: `${name}: acknowledged orders lost on SIGKILL (worst of ${ROUNDS})`, value: worstLost, unit: 'orders' });
  rows.push({ metric: `${name}: acknowledged orders lost on SIGKILL (all rounds)`, value: lost, unit: `of ${acked}` });
  rows.push({ metric: `${name}: acknowledged XADD rate (${CLIENTS} clients)`, value: Math.round(rate), unit: 'orders/s' });
}
report('appendfsync-loss', rows, { loadMs: LOAD_MS, clients: CLIENTS, rounds: ROUNDS, fault: 'SIGKILL of redis-server (the kernel page cache survives; an OS crash or power cut is not simulated)' });
