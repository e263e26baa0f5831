import 'reflect-metadata';
import { bootstrapService, configOrExit } from '@coffee/service-kit';
import { ProcessorModule } from './app/processor.module';
import { SHUTDOWN_BUDGET_MS } from './app/processor.service';
import { loadProcessorConfig } from './config/processor.config';

async function main(): Promise<void> {
  const config = configOrExit(() => loadProcessorConfig());
  await bootstrapService(ProcessorModule.forRoot(config), {
    service: 'processor',
    port: config.port,
    host: config.host,
    portFallback: config.portFallback,
    shutdownDeadlineMs: SHUTDOWN_BUDGET_MS + config.readBlockMs + 5_000,
  });
}

void main();
