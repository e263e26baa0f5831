import 'reflect-metadata';
import { bootstrapService, configOrExit } from '@coffee/service-kit';
import { createAppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { loadCollectorConfig } from './config/collector.config';

async function main(): Promise<void> {
  const config = configOrExit(loadCollectorConfig);
  await bootstrapService(createAppModule(config), {
    service: 'collector',
    port: config.port,
    host: config.host,
    configure: (app) => configureApp(app, config),
  });
}

void main();
