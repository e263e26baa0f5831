import 'reflect-metadata';
import { bootstrapService, configOrExit } from '@coffee/service-kit';
import { loadAlertsConfig } from './alerts/alerts.config';
import { ProcessorModule } from './app/processor.module';
import { SHUTDOWN_BUDGET_MS } from './app/processor.service';
import { loadProcessorConfig } from './config/processor.config';

async function main(): Promise<void> {
  const config = configOrExit(() => loadProcessorConfig());
  const alerts = configOrExit(() => loadAlertsConfig());
  await bootstrapService(ProcessorModule.forRoot(config, alerts), {
    service: 'processor',
    port: config.port,
    host: config.host,
    portFallback: config.portFallback,
    shutdownDeadlineMs: SHUTDOWN_BUDGET_MS + config.readBlockMs + 5_000,
  });
}

void main();
