import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ServiceHealth } from '@coffee/service-kit';
import { ProcessorRedis } from '../redis/processor-redis';

/** What `/health/ready` answers. */
export interface ReadyReport {
  status: 'ok' | 'error';
  redis: 'up' | 'down';
  /** Why the processor cannot do its job (Redis down, applies or reads failing and for how long, with the cause). */
  reason?: string;
}

/**
 * Liveness (`/health/live`, also `/health`): the process answers. Readiness (`/health/ready`): Redis
 * answers a PING and neither reads nor applies have been failing for longer than READY_FAILING_MS; else 503 with the reason.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly redis: ProcessorRedis,
    private readonly health: ServiceHealth,
  ) {}

  @Get()
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('live')
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<ReadyReport> {
    if (!(await this.redis.isReady())) {
      throw new ServiceUnavailableException({ status: 'error', redis: 'down', reason: 'Redis does not answer PING' } satisfies ReadyReport);
    }
    const readiness = this.health.readiness();
    if (!readiness.ready) {
      throw new ServiceUnavailableException({ status: 'error', redis: 'up', reason: readiness.reason } satisfies ReadyReport);
    }
    return { status: 'ok', redis: 'up' };
  }
}
