/** The parts of a `stat({ bigint: true })` the spool rules look at. */
export interface SpoolStat {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  birthtimeNs: bigint;
}

/**
 * Whether a name in a spool folder is a file to read: not hidden (`.name`, how many writers stage
 * a file), not still being written by convention (`*.tmp`), not already done (`*.COMPLETED`,
 * `*.FAILED`).
 */
export function isSpoolCandidate(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith('.tmp') && !name.endsWith('.COMPLETED') && !name.endsWith('.FAILED');
}

/**
 * The identity of a spooled file, kept across renames: device, inode and birth time (a reused
 * inode is a different file). Where the file system reports no birth time it is `dev:ino:0`.
 */
export function spoolFileKey(st: SpoolStat): string {
  return `${st.dev}:${st.ino}:${st.birthtimeNs}`;
}

/** The identity and the content as taken (size, mtime): stored with the position, so a file changed after being taken is noticed. */
export function spoolFingerprint(st: SpoolStat): string {
  return `${spoolFileKey(st)}/${st.size}:${st.mtimeNs}`;
}
