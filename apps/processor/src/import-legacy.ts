import { configOrExit } from '@coffee/service-kit';
import { loadProcessorConfig } from './config/processor.config';
import { runImportLegacy } from './import/import-legacy.command';
import { IMPORT_LEGACY_USAGE, ImportLegacyUsageError, parseImportLegacyArgs } from './import/import-legacy.options';

async function main(): Promise<void> {
  let options;
  try {
    options = parseImportLegacyArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`import-legacy: ${error instanceof ImportLegacyUsageError ? error.message : String(error)}\n${IMPORT_LEGACY_USAGE}\n`);
    process.exit(2);
  }
  const config = configOrExit(() => loadProcessorConfig());
  await runImportLegacy(config, options, {
    progress: (line) => process.stderr.write(`${line}\n`),
    result: (line) => process.stdout.write(`${line}\n`),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`import-legacy: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
