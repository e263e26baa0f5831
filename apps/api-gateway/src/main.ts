// Entry point: validated config from the environment, then the Nest app on GATEWAY_PORT.
import 'reflect-metadata';
import { bootstrapService, configOrExit } from '@coffee/service-kit';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { loadGatewayConfig } from './config/gateway.config';

const config = configOrExit(loadGatewayConfig);

void bootstrapService(AppModule.register(config), {
  service: 'api-gateway',
  port: config.port,
  host: config.host,
  configure: (app) => configureApp(app, config),
});
