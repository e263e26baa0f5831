// The faithful 2014 baseline: zoona/practice-realtime's Redis traffic, in separate processes as the
// original ran it (Flume agent, Storm topology, express subscriber), one synchronous round trip per call:
// RPUSH per line (Flume RedisSink); LPOP per order (RedisSpout); PUBLISH per order (CounterBolt, counts
// kept in memory); HINCRBY per counted field only when the 30 s window changes (SaveBolt).
// Workers live in pipeline-2014-worker.mjs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';

const worker = join(import.meta.dirname, 'pipeline-2014-worker.mjs');

function start(role, url, env, input) {
  const child = spawn(process.execPath, [worker, role], { env: { ...process.env, REDIS_URL: url, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const messages = [];
  const listeners = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    messages.push(message);
    for (const l of listeners) {l(message);}
  });
  child.stdin.end(input ?? '');
  const exited = new Promise((r) => child.once('exit', r));
  const waitFor = (pred) => new Promise((resolve) => {
    const hit = messages.find(pred);
    if (hit) {resolve(hit);} else {listeners.push((m) => { if (pred(m)) {resolve(m);} });}
  });
  return { child, exited, messages, listeners, waitFor };
}

/**
 * Runs the Flume-shaped producer for `seconds` and the Storm-shaped consumer until the queue is drained;
 * returns orders counted per second of the consumer's active time (first LPOP to last count).
 */
export async function pipeline2014Throughput(url, lines, seconds, prefix = 'p2014:') {
  const input = lines.join('\n') + '\n';
  const storm = start('storm', url, { PREFIX: prefix });
  const flume = start('flume', url, { PREFIX: prefix, SECONDS: String(seconds) }, input);
  await flume.exited;
  const done = await storm.waitFor((m) => m.done);
  await storm.exited;
  return done.counted / (done.ms / 1000);
}

/** Marker orders through the 2014 shape under `load` orders/s of background traffic, timed RPUSH → subscriber. */
export async function pipeline2014Latency(url, lines, { load = 5000, markers = 40, intervalMs = 500, prefix = 'p2014lat:' } = {}) {
  const input = lines.join('\n') + '\n';
  const sub = start('sub', url, { PREFIX: prefix });
  await sub.waitFor((m) => m.ready);
  const storm = start('storm', url, { PREFIX: prefix, IDLE_EXIT_MS: String(600_000) });
  const seconds = (markers * intervalMs) / 1000 + 3;
  const flume = start('flume', url, { PREFIX: prefix, SECONDS: String(seconds), RATE: String(load) }, input);
  const redis = new Redis(url);
  const sentAt = new Map();
  for (let m = 0; m < markers; m++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const branch = `probe-${m}`;
    sentAt.set(branch, Date.now());
    await redis.rpush(`${prefix}CoffeeOrderQueue`, JSON.stringify({ branch, orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: Date.now() }));
  }
  await flume.exited;
  await new Promise((r) => setTimeout(r, 2000));
  storm.child.kill('SIGTERM');
  sub.child.kill('SIGTERM');
  await Promise.all([storm.exited, sub.exited]);
  redis.disconnect();
  const latencies = sub.messages.filter((m) => m.probe && sentAt.has(m.probe)).map((m) => m.at - sentAt.get(m.probe));
  return { latencies, lost: markers - latencies.length };
}
