import 'reflect-metadata';
import { bootstrapService, configOrExit } from '@coffee/service-kit';
import { Logger } from 'nestjs-pino';
import { createAppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { isLoopbackHost, loadCollectorConfig } from './config/collector.config';

async function main(): Promise<void> {
  const config = configOrExit(loadCollectorConfig);
  const app = await bootstrapService(createAppModule(config), {
    service: 'collector',
    port: config.port,
    host: config.host,
    configure: (app) => configureApp(app, config),
  });
  if (!isLoopbackHost(config.host) && config.ingestToken === undefined) {
    app.get(Logger).warn(`POST /orders takes orders from anyone who reaches ${config.host}:${config.port} (ALLOW_UNAUTHENTICATED_INGEST=true, no INGEST_TOKEN)`);
  }
}

void main();
