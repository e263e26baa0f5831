// Covers parseImportLegacyArgs: flags, the --scan-count limit and unknown arguments (table-driven).
import { ImportLegacyUsageError, MAX_SCAN_COUNT, parseImportLegacyArgs } from './import-legacy.options';

describe('parseImportLegacyArgs', () => {
  it.each([
    [[], { retention: false, scanCount: 500 }],
    [['--retention'], { retention: true, scanCount: 500 }],
    [['--scan-count=20'], { retention: false, scanCount: 20 }],
    [['--scan-count', String(MAX_SCAN_COUNT), '--retention'], { retention: true, scanCount: MAX_SCAN_COUNT }],
  ])('%j', (argv, expected) => {
    expect(parseImportLegacyArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--scan-count=10001'], "--scan-count: must be an integer in 1..10000, got '10001'"],
    [['--scan-count=0'], "--scan-count: must be an integer in 1..10000, got '0'"],
    [['--scan-count'], "--scan-count: must be an integer in 1..10000, got ''"],
    [['--retention=yes'], "unknown argument '--retention=yes'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseImportLegacyArgs(argv)).toThrow(new ImportLegacyUsageError(message));
  });
});
