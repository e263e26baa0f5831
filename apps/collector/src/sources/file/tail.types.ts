/** Something worth a log line. */
export type TailEvent =
  | { type: 'opened'; fileId: string; offset: number; reason: 'start' | 'resume' | 'rotated-file' | 'new-file' }
  | { type: 'waiting'; path: string }
  | { type: 'rotated'; fromFileId: string; toFileId: string }
  | { type: 'truncated'; fileId: string; size: number; offset: number }
  | { type: 'watch-failed'; message: string };

/** Options of {@link FileTailer}. */
export interface FileTailerOptions {
  /** Lines longer than this (bytes) come back with `tooLong` and only their head. */
  maxLineBytes: number;
  /** Bytes per read. Default 1 MiB. */
  chunkBytes?: number;
  /** Stat interval when nothing wakes the tailer (fs.watch missed or unavailable), ms. Default 200. */
  pollIntervalMs?: number;
  /** How long a renamed-away file keeps being read after a new file appeared at the path, ms. Default 1000. */
  rotationGraceMs?: number;
  /** Use fs.watch to wake up early. Default true. */
  useWatch?: boolean;
  onEvent?: (event: TailEvent) => void;
  /** Clock, ms; injectable for tests. */
  now?: () => number;
}
