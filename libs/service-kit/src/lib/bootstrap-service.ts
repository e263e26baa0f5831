import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createServer } from 'node:net';
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
  /**
   * When the port is taken: try the next `portFallback` ports, then an ephemeral one (the port in use is
   * logged). Default 0: a taken port fails the start.
   */
  portFallback?: number;
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
    const host = options.host ?? '0.0.0.0';
    const port = await listenWithFallback(app, options.port, host, options.portFallback ?? 0);
    const fallback = port === options.port ? '' : ` (port ${options.port} was taken)`;
    app.get(Logger).log(`${options.service} listening on http://${host}:${port}${fallback}`);
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

/**
 * Listens on `port`, else (EADDRINUSE) on the next `fallback` ports, else on an ephemeral one;
 * returns the port listened on.
 */
export async function listenWithFallback(app: INestApplication, port: number, host: string, fallback: number): Promise<number> {
  const candidates = fallback > 0 ? [...Array.from({ length: fallback + 1 }, (_, i) => port + i).filter((p) => p <= 65_535), 0] : [port];
  for (const [index, candidate] of candidates.entries()) {
    // Probing first keeps Nest from logging an EADDRINUSE error for every taken port.
    if (index < candidates.length - 1 && !(await portIsFree(candidate, host))) {
      continue;
    }
    try {
      await app.listen(candidate, host);
      const address = app.getHttpServer().address();
      return typeof address === 'object' && address !== null ? address.port : candidate;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EADDRINUSE' || index === candidates.length - 1) {
        throw error;
      }
    }
  }
  throw new Error(`no port to listen on from ${port}`);
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
