import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError } from './config-error';

/** Options for {@link bootstrapService}. */
export interface BootstrapOptions {
  service: string;
  port: number;
  host?: string;
  /** Runs after the app is created and before it listens (global prefix, adapters, middleware). */
  configure?: (app: INestApplication) => void | Promise<void>;
  /** Longest a SIGTERM/SIGINT shutdown may take before the process exits 1 anyway, ms. Default 10 000. */
  shutdownDeadlineMs?: number;
}

/**
 * Loads the configuration with `load`; on failure prints the error (a {@link ConfigError} names every
 * bad variable) and exits 1 before anything starts.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

// Nest runs the shutdown hooks on SIGTERM/SIGINT, then removes its own listener and re-raises the
// signal, which would end the process with 128+n. Once Nest's listener is gone the re-raised signal
// lands here alone and the process exits 0. A hung shutdown is cut off after a deadline.
function exitCleanlyAfterShutdownHooks(service: string, deadlineMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) {
        process.exit(0);
      }
      setTimeout(() => {
        process.stderr.write(`${service}: shutdown took longer than ${deadlineMs} ms; exiting\n`);
        process.exit(1);
      }, deadlineMs).unref();
    });
  }
}

/**
 * Creates a Nest app with the pino logger, shutdown hooks on SIGINT/SIGTERM (the process exits 0 once
 * they have run), and starts listening. A start-up failure is logged once, clearly, and the process
 * exits with code 1.
 */
export async function bootstrapService(module: Type<unknown> | DynamicModule, options: BootstrapOptions): Promise<INestApplication> {
  try {
    const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
    await options.configure?.(app);
    await app.listen(options.port, options.host ?? '0.0.0.0');
    app.get(Logger).log(`${options.service} listening on http://${options.host ?? '0.0.0.0'}:${options.port}`);
    exitCleanlyAfterShutdownHooks(options.service, options.shutdownDeadlineMs ?? 10_000);
    return app;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${JSON.stringify({ level: 50, service: options.service, msg: `failed to start: ${message}` })}\n`);
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    }
    process.exit(1);
  }
}
