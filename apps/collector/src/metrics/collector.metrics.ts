import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Where input came from, as a metric label: a file path, `http` or `legacy`. */
export type SourceLabel = string;

/**
 * The collector's Prometheus metrics, on the service registry. A plain class so the tail and
 * batching code can count without Nest.
 */
export class CollectorMetrics {
  readonly linesRead: Counter<'source'>;
  readonly accepted: Counter<'source'>;
  readonly rejected: Counter<'source' | 'code'>;
  readonly blank: Counter<'source'>;
  readonly bytesBehind: Gauge<'file'>;
  readonly commitSeconds: Histogram<'source'>;
  readonly commitFailures: Counter<'source' | 'reason'>;
  readonly httpRequests: Counter<'status'>;
  readonly deadLettersEvicted: Counter<'stream'>;
  readonly spoolFiles: Counter<'dir' | 'outcome'>;
  private readonly behind = new Map<string, () => number>();

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.linesRead = new Counter({ name: 'coffee_collector_lines_read_total', help: 'Input lines read (blank ones included)', labelNames: ['source'], registers });
    this.accepted = new Counter({ name: 'coffee_collector_orders_accepted_total', help: 'Orders written to the orders stream', labelNames: ['source'], registers });
    this.rejected = new Counter({ name: 'coffee_collector_orders_rejected_total', help: 'Inputs written to the dead-letter stream', labelNames: ['source', 'code'], registers });
    this.blank = new Counter({ name: 'coffee_collector_blank_lines_total', help: 'Blank lines skipped', labelNames: ['source'], registers });
    const behind = this.behind;
    this.bytesBehind = new Gauge({
      name: 'coffee_collector_file_bytes_behind',
      help: 'Bytes between the last line read and the end of each tailed file',
      labelNames: ['file'],
      registers,
      collect() {
        for (const [file, read] of behind) {
          this.set({ file }, read());
        }
      },
    });
    this.commitSeconds = new Histogram({
      name: 'coffee_collector_batch_commit_seconds',
      help: 'Time from sending a batch to Redis to its atomic commit',
      labelNames: ['source'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.commitFailures = new Counter({ name: 'coffee_collector_commit_failures_total', help: 'Batches not committed (Redis unavailable, checkpoint conflict)', labelNames: ['source', 'reason'], registers });
    this.httpRequests = new Counter({ name: 'coffee_collector_http_ingest_requests_total', help: 'POST /orders requests by answer status', labelNames: ['status'], registers });
    this.deadLettersEvicted = new Counter({
      name: 'coffee_collector_dead_letters_evicted_total',
      help: 'Older dead letters removed by a dead-letter stream length cap to make room for new ones, by stream (http)',
      labelNames: ['stream'],
      registers,
    });
    this.spoolFiles = new Counter({
      name: 'coffee_collector_spool_files_total',
      help: 'Spooled files by folder and outcome: completed, or reported (too-large, changed, renamed)',
      labelNames: ['dir', 'outcome'],
      registers,
    });
  }

  /** Reports a file's bytes-behind figure at every scrape. */
  trackFile(file: string, bytesBehind: () => number): void {
    this.behind.set(file, bytesBehind);
  }

  /**
   * Counts one commit of any source (a tailed or spooled file's chunk, an HTTP request, a legacy-list
   * hand-off), once it held: inputs read, blank lines (positioned sources), commit time, outcome.
   */
  countCommit(source: SourceLabel, commit: { read: number; blank?: number; accepted: number; rejectedByCode: ReadonlyMap<string, number>; seconds: number }): void {
    const label = { source };
    this.commitSeconds.observe(label, commit.seconds);
    this.linesRead.inc(label, commit.read);
    if (commit.blank !== undefined) {
      this.blank.inc(label, commit.blank);
    }
    this.countBatch(source, commit.accepted, commit.rejectedByCode);
  }

  /** Counts one committed batch's outcome. */
  countBatch(source: SourceLabel, accepted: number, rejectedByCode: ReadonlyMap<string, number>): void {
    if (accepted > 0) {
      this.accepted.inc({ source }, accepted);
    }
    for (const [code, count] of rejectedByCode) {
      this.rejected.inc({ source, code }, count);
    }
  }
}
