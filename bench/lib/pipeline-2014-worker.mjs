// One process of the faithful 2014 pipeline (zoona/practice-realtime), spawned by pipeline-2014.mjs.
// Roles, as the original's processes did their Redis work (Jedis: one synchronous round trip per call):
//  - flume:   Flume's RedisSink — one RPUSH per line onto CoffeeOrderQueue;
//  - storm:   RedisSpout one LPOP per order; CounterBolt counts in memory and PUBLISHes one packet per
//             order; SaveBolt HINCRBYs each counted field only when the (wall-clock) 30 s window changes;
//  - sub:     a subscriber on the channel (the express server) timing marker packets.
// Reads its role and settings from argv/env; reports progress as JSON lines on stdout.
import Redis from 'ioredis';

const [role] = process.argv.slice(2);
const url = process.env.REDIS_URL;
const prefix = process.env.PREFIX ?? 'p2014:';
const list = `${prefix}CoffeeOrderQueue`;
const channel = `${prefix}CHANNEL_REDIS_PUBSUB`;
const seconds = Number(process.env.SECONDS ?? 10);
const TYPES = ['CustomerAgeGrades', 'PaymentMethods', 'Orders'];
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

function datestring(ms) {
  const d = new Date(ms + 9 * 3600_000); // Asia/Seoul, as the original
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}
const windowOf = (ms) => datestring(Math.floor(ms / 30_000) * 30_000);

async function readLines() {
  const chunks = [];
  for await (const chunk of process.stdin) {chunks.push(chunk);}
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.length > 0);
}

async function flume() {
  const lines = await readLines();
  const redis = new Redis(url);
  const rate = Number(process.env.RATE ?? 0); // 0: as fast as one round trip at a time allows
  const deadline = Date.now() + seconds * 1000;
  const t0 = Date.now();
  let sent = 0;
  while (Date.now() < deadline) {
    if (rate > 0 && sent >= ((Date.now() - t0) / 1000) * rate) {
      await new Promise((r) => setTimeout(r, 2));
      continue;
    }
    await redis.rpush(list, lines[sent % lines.length]);
    sent += 1;
  }
  say({ sent });
  redis.disconnect();
}

async function storm() {
  const redis = new Redis(url);
  const counts = new Map(); // "branch:type" → Map(field → n), cleared at every window change
  let lastWindow = windowOf(Date.now());
  const bump = (branch, type, field) => {
    const key = `${branch}:${type}`;
    let m = counts.get(key);
    if (!m) {counts.set(key, (m = new Map()));}
    m.set(field, (m.get(field) ?? 0) + 1);
  };
  const save = async (window) => {
    for (const [key, fields] of counts) {
      const [branch, type] = key.split(':');
      for (const [field, n] of fields) {await redis.hincrby(`${prefix}${branch}:${window}:${type}`, field, n);}
    }
    counts.clear();
  };
  let counted = 0;
  let started = 0;
  let lastAt = 0;
  let idleSince = 0;
  const idleExitMs = Number(process.env.IDLE_EXIT_MS ?? 2000);
  for (;;) {
    const line = await redis.lpop(list);
    if (line === null) {
      if (counted > 0 && idleSince === 0) {idleSince = Date.now();}
      if (idleSince > 0 && Date.now() - idleSince > idleExitMs) {break;}
      await new Promise((r) => setTimeout(r, 5)); // RedisSpout: Utils.sleep(5)
      continue;
    }
    idleSince = 0;
    if (started === 0) {started = Date.now();}
    const order = JSON.parse(line);
    bump(order.branch, TYPES[0], order.customerAgeGrade);
    bump(order.branch, TYPES[1], order.paymentMethod);
    for (const coffee of order.orders) {bump(order.branch, TYPES[2], coffee);}
    const date = windowOf(Date.now());
    const ages = counts.get(`${order.branch}:${TYPES[0]}`);
    await redis.publish(channel, JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { branch: order.branch, date, counts: [...ages].map(([type, count]) => ({ type, count })) } }));
    if (date !== lastWindow) {
      await save(lastWindow);
      lastWindow = date;
    }
    counted += 1;
    lastAt = Date.now();
  }
  await save(lastWindow);
  say({ counted, ms: lastAt - started, done: true });
  redis.disconnect();
}

async function sub() {
  const redis = new Redis(url);
  await redis.subscribe(channel);
  redis.on('message', (_c, message) => {
    const { body } = JSON.parse(message);
    if (body.branch.startsWith('probe-')) {say({ probe: body.branch, at: Date.now() });}
  });
  say({ ready: true });
}

const roles = { flume, storm, sub };
if (!roles[role]) {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
await roles[role]();
