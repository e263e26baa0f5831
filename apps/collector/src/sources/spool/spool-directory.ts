import { open, readdir, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RetryTracker } from '@coffee/service-kit';
import type { SpoolConfig } from '../../config/collector.config';
import type { CollectorMetrics } from '../../metrics/collector.metrics';
import type { LineValidatorPool } from '../../pipeline/line-validator-pool';
import { SourcePump, type CheckpointSink, type PumpLogger } from '../../pipeline/source-pump';
import { isSpoolCandidate, spoolFileKey, spoolFingerprint, type SpoolStat } from './spool-rules';
import { SpoolFileReader } from './spool-file.reader';

/** Suffix of files read to their end and committed (renamed in place). */
export const COMPLETED_SUFFIX = '.COMPLETED';
/** Suffix of files reported and not (or not wholly) read: too large, or changed after being taken. */
export const FAILED_SUFFIX = '.FAILED';

/** Why a spooled file was reported instead of completed. */
export type SpoolProblem = 'too-large' | 'changed' | 'renamed';

/** What a {@link SpoolDirectories} needs around it. */
export interface SpoolDeps {
  sink: CheckpointSink & { forgetPosition(sourceId: string): Promise<void> };
  validator: Pick<LineValidatorPool, 'validate' | 'release'>;
  metrics: CollectorMetrics;
  logger: PumpLogger;
  /** A retry tracker for the commits of one file (released with `forget` once the file is done). */
  tracker: (name: string) => RetryTracker;
  forget: (tracker: RetryTracker) => void;
  batchSize: number;
  flushIntervalMs: number;
  maxLineBytes: number;
  now?: () => number;
}

interface Seen {
  size: bigint;
  mtimeNs: bigint;
  since: number;
}

/**
 * The spooling-directory source (Flume's `spoolDir`): every complete file dropped into one of the
 * folders is read once, committed through a {@link SourcePump} (entries and the file's position in
 * one atomic Redis step, the position keyed by the file's identity, not its name), then renamed
 * with {@link COMPLETED_SUFFIX} or moved to the done folder. A kill at any point resumes from the
 * committed position: a file committed to its end but not yet renamed is only renamed.
 */
export class SpoolDirectories {
  private readonly seen = new Map<string, Seen>();
  /** Paths being read. */
  private readonly taken = new Set<string>();
  private readonly pumps = new Set<SourcePump>();
  private readonly now: () => number;
  private stopping = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private scanning = false;
  /** Backoff of the folder work (listing, position reads, renames) after a failure: no file is taken before this. */
  private pausedUntil = 0;
  private retry: RetryTracker | null = null;
  /** Set while the last take failed (cleared by one that succeeds). */
  private takeFailing = false;

  constructor(
    private readonly config: SpoolConfig,
    private readonly deps: SpoolDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.retry ??= this.deps.tracker(`spool folders ${this.config.dirs.join(', ')}`);
    this.running ??= this.loop();
  }

  /** Stops taking files and stops the pumps (what they already read is committed or re-read on the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await Promise.all([...this.pumps].map((pump) => pump.stop()));
    await this.running;
    if (this.retry !== null) {
      this.deps.forget(this.retry);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      await this.scan();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.config.pollMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
    }
  }

  /** Lists the folders and takes the files that settled, as long as there is room in flight. */
  private async scan(): Promise<void> {
    if (this.scanning || this.stopping) {
      return;
    }
    this.scanning = true;
    try {
      const present = new Set<string>();
      let listed = true;
      for (const dir of this.config.dirs) {
        let names: string[];
        try {
          names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && isSpoolCandidate(entry.name)).map((entry) => entry.name);
        } catch (error) {
          // The tracker logs the cause (rate-limited): a missing folder costs a line now and then, not one per poll.
          this.retry?.failure(new Error(`spool folder ${dir} cannot be listed: ${describe(error)}`));
          listed = false;
          continue;
        }
        names.sort();
        for (const name of names) {
          const path = join(dir, name);
          present.add(path);
          if (this.taken.has(path) || this.stopping) {
            continue;
          }
          const st = await stat(path, { bigint: true }).catch(() => null);
          if (st === null) {
            continue;
          }
          const before = this.seen.get(path);
          const now = this.now();
          if (before === undefined || before.size !== st.size || before.mtimeNs !== st.mtimeNs) {
            this.seen.set(path, { size: st.size, mtimeNs: st.mtimeNs, since: now });
            if (this.config.settleMs > 0) {
              continue;
            }
          } else if (now - before.since < this.config.settleMs) {
            continue;
          }
          if (this.pendingTakes >= this.config.maxFilesInFlight || now < this.pausedUntil) {
            continue;
          }
          this.take(dir, path);
        }
      }
      for (const path of this.seen.keys()) {
        if (!present.has(path)) {
          this.seen.delete(path);
        }
      }
      if (listed && !this.takeFailing && (this.retry?.consecutiveFailures ?? 0) > 0) {
        // Every folder listed and nothing failing: whatever failed before is over.
        this.retry?.success();
      }
    } finally {
      this.scanning = false;
    }
  }

  private pendingTakes = 0;

  private take(dir: string, path: string): void {
    this.taken.add(path);
    this.pendingTakes++;
    void this.ingest(dir, path)
      .then(
        () => {
          this.takeFailing = false;
        },
        (error: unknown) => {
          this.takeFailing = true;
          // The tracker logs the cause (rate-limited); the file is taken again after the backoff.
          this.pausedUntil = this.now() + (this.retry?.failure(error) ?? this.config.pollMs);
        },
      )
      .finally(() => {
        this.pendingTakes--;
        this.taken.delete(path);
        this.seen.delete(path);
        if (!this.stopping) {
          this.wake?.();
        }
      });
  }

  /** Reads one settled file, commits it through a pump, then completes it (or reports why not). */
  private async ingest(dir: string, path: string): Promise<void> {
    const handle = await open(path, 'r');
    let content: Buffer;
    let taken: SpoolStat;
    try {
      taken = await handle.stat({ bigint: true });
      if (taken.size > BigInt(this.config.maxFileBytes)) {
        await this.report(path, 'too-large', `${taken.size} bytes, the limit is ${this.config.maxFileBytes} (SPOOL_MAX_FILE_BYTES)`);
        await this.finish(path, FAILED_SUFFIX);
        return;
      }
      content = await handle.readFile();
      const after = await handle.stat({ bigint: true });
      if (after.size !== taken.size || after.mtimeNs !== taken.mtimeNs || BigInt(content.length) !== taken.size) {
        // Still being written after all: not taken; it settles again first.
        return;
      }
    } finally {
      await handle.close();
    }
    const sourceId = `${dir}#${spoolFileKey(taken)}`;
    const fingerprint = spoolFingerprint(taken);
    const stored = await this.deps.sink.readPosition(sourceId);
    if (stored !== null && stored.fileId !== fingerprint) {
      await this.report(path, 'changed', `taken before as ${stored.fileId} (read to byte ${stored.offset}), now ${fingerprint}; not read again`);
      await this.finish(path, FAILED_SUFFIX, sourceId);
      return;
    }
    const reader = new SpoolFileReader(fingerprint, content, this.deps.maxLineBytes);
    if (reader.size > 0 && (stored === null || stored.offset < reader.size)) {
      const retry = this.deps.tracker(`commit of ${path}`);
      const pump = new SourcePump(reader, this.deps.sink, this.deps.validator, this.deps.metrics, this.deps.logger, {
        sourceId,
        deadLetterSource: `spool:${path}`,
        metricLabel: dir,
        trackLag: false,
        batchSize: this.deps.batchSize,
        flushIntervalMs: this.deps.flushIntervalMs,
        maxLineBytes: this.deps.maxLineBytes,
        startPosition: 'beginning',
        retry,
      });
      this.pumps.add(pump);
      pump.start();
      await pump.finished();
      this.pumps.delete(pump);
      this.deps.forget(retry);
      if (pump.committed?.offset !== reader.size || pump.committed.fileId !== fingerprint) {
        // Stopped before the end: the rest is read on the next start.
        return;
      }
    }
    // Committed to its end. A file renamed or rewritten meanwhile is reported; its new content is not read.
    const now = await stat(path, { bigint: true }).catch(() => null);
    if (now === null || spoolFileKey(now) !== spoolFileKey(taken)) {
      await this.report(path, 'renamed', 'renamed or removed while it was read; what was taken is committed, the file is left where it is');
      return;
    }
    if (spoolFingerprint(now) !== fingerprint) {
      await this.report(path, 'changed', `changed while it was read (${fingerprint} → ${spoolFingerprint(now)}); what was taken is committed, the change is not read`);
      await this.finish(path, FAILED_SUFFIX, sourceId);
      return;
    }
    await this.finish(path, COMPLETED_SUFFIX, sourceId);
    this.deps.metrics.spoolFiles.inc({ dir, outcome: 'completed' });
  }

  /** Renames a finished file (suffix, or into the done folder), then forgets its position. */
  private async finish(path: string, suffix: string, sourceId?: string): Promise<void> {
    const target = this.config.doneDir === undefined || suffix !== COMPLETED_SUFFIX ? `${path}${suffix}` : join(this.config.doneDir, basename(path));
    const free = await stat(target).then(
      () => false,
      () => true,
    );
    await rename(path, free ? target : `${target}.${this.now()}`);
    if (sourceId !== undefined) {
      await this.deps.sink.forgetPosition(sourceId);
    }
  }

  private async report(path: string, problem: SpoolProblem, detail: string): Promise<void> {
    const dir = this.config.dirs.find((d) => path.startsWith(`${d}/`)) ?? '';
    this.deps.logger.warn(`spooled file ${path} ${problem}: ${detail}`);
    this.deps.metrics.spoolFiles.inc({ dir, outcome: problem });
    return Promise.resolve();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
