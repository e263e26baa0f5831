// Entry point: validated config from the environment, then the Nest app on GATEWAY_PORT.
import 'reflect-metadata';
import { ConfigError, bootstrapService } from '@coffee/service-kit';
import { Module } from '@nestjs/common';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { loadGatewayConfig, type GatewayConfig } from './config/gateway.config';

function loadOrExit(): GatewayConfig {
  try {
    return loadGatewayConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const config = loadOrExit();

// bootstrapService takes a module class, not a dynamic module: wrap the configured AppModule.
@Module({ imports: [AppModule.register(config)] })
class GatewayMainModule {}

void bootstrapService(GatewayMainModule, {
  service: 'api-gateway',
  port: config.port,
  host: config.host,
  configure: (app) => configureApp(app, config),
});
