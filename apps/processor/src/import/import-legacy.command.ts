import { Windowing } from '@coffee/aggregation';
import { RedisKeys, createRedis } from '@coffee/redis-io';
import { redactUrl } from '@coffee/service-kit';
import { importLegacy, type LegacyImportSummary } from '@coffee/stats-store';
import type { ProcessorConfig } from '../config/processor.config';
import type { ImportLegacyOptions } from './import-legacy.options';

/** Where the command writes: progress lines and the summary. */
export interface ImportLegacyOutput {
  progress(line: string): void;
  result(line: string): void;
}

const n = (value: number): string => value.toLocaleString('en-US');

/** One line of running totals. */
export function progressLine(s: LegacyImportSummary): string {
  const imported = s.verdicts.new + s.verdicts.grown + s.verdicts.shared;
  return `import-legacy: ${n(s.keysScanned)} keys scanned, ${n(s.windowHashes)} window hashes, ${n(imported)} imported, ${n(s.verdicts['already-imported'])} already imported`;
}

/** The final summary, a few lines. */
export function summaryLines(s: LegacyImportSummary, elapsedMs: number): string[] {
  const skipped = Object.entries(s.skipped).filter(([, count]) => count > 0);
  return [
    `import-legacy: done in ${(elapsedMs / 1000).toFixed(1)} s: ${n(s.keysScanned)} keys scanned, ${n(s.windowHashes)} window hashes`,
    `  old hashes imported: ${n(s.verdicts.new)} new, ${n(s.verdicts.grown)} grown since the last run, ${n(s.verdicts.shared)} shared with Coffee Pulse`,
    `  left as they are: ${n(s.verdicts['already-imported'])} already imported, ${n(s.verdicts['coffee-pulse'])} Coffee Pulse's own, ${n(s.verdicts.shrunk)} shrunk since imported`,
    `  counts added to the roll-ups: ${n(s.countsAdded.CustomerAgeGrades)} orders, ${n(s.countsAdded.Orders)} cups; ${n(s.branchesAdded)} branches added to the branch list`,
    `  skipped: ${skipped.length === 0 ? 'none' : skipped.map(([reason, count]) => `${n(count)} ${reason}`).join(', ')}${s.retries > 0 ? `; ${n(s.retries)} batches retried` : ''}`,
  ];
}

/**
 * Runs the import against `config`'s Redis with the processor's windowing, printing a progress
 * line at most once a second and the summary at the end. Resolves the summary.
 */
export async function runImportLegacy(config: ProcessorConfig, options: ImportLegacyOptions, out: ImportLegacyOutput): Promise<LegacyImportSummary> {
  const windowing = new Windowing({ windowSizeMs: config.windowSizeMs, timeZone: config.timeZone, resolutions: config.resolutions });
  const redis = createRedis(config.redisUrl, { name: 'import-legacy', lazyConnect: true });
  const started = Date.now();
  let lastProgress = started;
  out.progress(`import-legacy: scanning ${redactUrl(config.redisUrl)} (prefix '${config.keyPrefix}', ${config.windowSizeMs / 1000} s windows, ${config.timeZone})${options.retention ? ', with retention' : ''}`);
  try {
    const summary = await importLegacy(redis, new RedisKeys({ prefix: config.keyPrefix }), {
      windowing,
      retention: options.retention,
      retentionSeconds: config.retentionSeconds,
      scanCount: options.scanCount,
      onProgress: (progress) => {
        if (Date.now() - lastProgress >= 1000) {
          lastProgress = Date.now();
          out.progress(progressLine(progress));
        }
      },
    });
    out.progress(progressLine(summary));
    for (const line of summaryLines(summary, Date.now() - started)) {
      out.result(line);
    }
    return summary;
  } finally {
    redis.disconnect();
  }
}
