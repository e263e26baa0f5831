/** Command-line options of `import-legacy` (environment settings come from the processor's config). */
export interface ImportLegacyOptions {
  /** Give the imported keys the processor's retention TTLs (`RETENTION`), old hashes included. */
  readonly retention: boolean;
  /** SCAN `COUNT` hint and batch bound, 1..10 000. */
  readonly scanCount: number;
}

/** Most keys one SCAN call (and one import batch) may ask for. */
export const MAX_SCAN_COUNT = 10_000;
const DEFAULT_SCAN_COUNT = 500;

export const IMPORT_LEGACY_USAGE = `usage: import-legacy [--retention] [--scan-count=<1..${MAX_SCAN_COUNT}>]
  --retention        give imported keys the processor's retention TTLs (default: hashes without TTL keep none)
  --scan-count=<n>   keys per SCAN call and per batch (default ${DEFAULT_SCAN_COUNT})`;

/** Thrown for a bad command line; its message names the bad argument. */
export class ImportLegacyUsageError extends Error {
  override readonly name = 'ImportLegacyUsageError';
}

/** Parses `argv` (without node and script); throws {@link ImportLegacyUsageError}. */
export function parseImportLegacyArgs(argv: readonly string[]): ImportLegacyOptions {
  let retention = false;
  let scanCount = DEFAULT_SCAN_COUNT;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--retention') {
      retention = true;
    } else if (arg === '--scan-count' || arg.startsWith('--scan-count=')) {
      const value = arg === '--scan-count' ? argv[++i] : arg.slice('--scan-count='.length);
      const n = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || n < 1 || n > MAX_SCAN_COUNT) {
        throw new ImportLegacyUsageError(`--scan-count: must be an integer in 1..${MAX_SCAN_COUNT}, got '${value ?? ''}'`);
      }
      scanCount = n;
    } else {
      throw new ImportLegacyUsageError(`unknown argument '${arg}'`);
    }
  }
  return { retention, scanCount };
}
