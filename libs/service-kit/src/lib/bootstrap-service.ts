import type { INestApplication, Type } from '@nestjs/common';
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
}

/**
 * Creates a Nest app with the pino logger, shutdown hooks on SIGINT/SIGTERM, and starts listening.
 * A start-up failure is logged once, clearly, and the process exits with code 1.
 */
export async function bootstrapService(module: Type<unknown>, options: BootstrapOptions): Promise<INestApplication> {
  try {
    const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
    await options.configure?.(app);
    await app.listen(options.port, options.host ?? '0.0.0.0');
    app.get(Logger).log(`${options.service} listening on http://${options.host ?? '0.0.0.0'}:${options.port}`);
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
