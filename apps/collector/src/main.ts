import 'reflect-metadata';
import { bootstrapService, ConfigError } from '@coffee/service-kit';
import { createAppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { loadCollectorConfig, type CollectorConfig } from './config/collector.config';

/** Longest a shutdown may take before the process is ended anyway, ms. */
const SHUTDOWN_DEADLINE_MS = 10_000;

function configOrExit(): CollectorConfig {
  try {
    return loadCollectorConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

// Nest runs the shutdown hooks on SIGTERM/SIGINT, then removes its listener and re-raises the
// signal, which would end the process with 128+n. Once Nest's listener is gone the re-raised
// signal lands here alone and the process exits 0. A hung shutdown is cut off after a deadline.
function exitCleanlyAfterShutdownHooks(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) {
        process.exit(0);
      }
      setTimeout(() => {
        process.stderr.write(`collector: shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting\n`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  await bootstrapService(createAppModule(config), {
    service: 'collector',
    port: config.port,
    configure: (app) => configureApp(app, config),
  });
  exitCleanlyAfterShutdownHooks();
}

void main();
