// Child process for the legacy-list crash test: a LegacyListSource reader that the parent SIGKILLs.
// argv: <redis url> <key prefix> <consumer> <mode: hang|run> <batch size>
//   hang: hands the first batch to a handler that reports it on stdout and never returns;
//   run:  hands batches over for ever (accepting JSON objects, dead-lettering the rest).
import { createRedis, LegacyListSource, RedisKeys, type LegacyListHandler } from '../../src/index';

const [url, prefix, consumer, mode, batchSize] = process.argv.slice(2);

const accept: LegacyListHandler = (raw, { source }) => {
  const lines = raw.filter((element) => element.startsWith('{'));
  const deadLetters = raw
    .filter((element) => !element.startsWith('{'))
    .map((element) => ({ raw: element, code: 'INVALID_JSON', message: 'not an order', source, position: '' }));
  return { lines, deadLetters };
};

const hang: LegacyListHandler = (raw) => {
  process.stdout.write(`handed ${raw.length}\n`);
  return new Promise(() => undefined);
};

const redis = createRedis(url, { maxRetriesPerRequest: null, name: `legacy-child-${consumer}` });
const reader = new LegacyListSource(redis, new RedisKeys({ prefix }), { consumer, batchSize: Number(batchSize), blockMs: 50 });
reader.run(mode === 'hang' ? hang : accept, new AbortController().signal).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
