import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a (bigint) stat that identify a file and size it. */
export interface FileStat {
  dev: bigint;
  ino: bigint;
  size: bigint;
}

/** A file's identity, `dev:ino`: survives renames, changes when a new file takes the name. */
export function fileIdOf(st: FileStat): string {
  return `${st.dev}:${st.ino}`;
}

/** `stat` that answers null for a missing file. */
export async function statOrNull(path: string): Promise<FileStat | null> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}

/** Looks in `dir` (other than `except`) for the file with identity `fileId`, e.g. where a rotated file went. */
export async function findFileById(dir: string, fileId: string, except: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    if (name === except) {
      continue;
    }
    const candidate = join(dir, name);
    const st = await statOrNull(candidate).catch(() => null);
    if (st !== null && fileIdOf(st) === fileId) {
      return candidate;
    }
  }
  return null;
}
