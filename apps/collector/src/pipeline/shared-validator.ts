import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { LineValidatorPool } from './line-validator-pool';
import { orderRulesOf } from './validate-lines';

/** The one line-validation pool of the collector, shared by every positioned source; closed after the sources stopped. */
@Injectable()
export class SharedValidator implements OnApplicationShutdown {
  readonly pool: LineValidatorPool;

  constructor(@Inject(COLLECTOR_CONFIG) config: CollectorConfig) {
    this.pool = new LineValidatorPool(config.parseThreads, undefined, { ...orderRulesOf(config), entryFormat: config.streamEntryFormat ?? 'compact' });
    new Logger('pipeline').log(`validating read lines ${this.pool.mode === 'threads' ? `on ${config.parseThreads} worker thread(s)` : 'on the main thread'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
