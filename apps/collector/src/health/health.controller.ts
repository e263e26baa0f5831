import { Controller, Get, HttpException } from '@nestjs/common';
import { ServiceHealth } from '@coffee/service-kit';
import { CollectorRedis } from '../redis/collector-redis';

/** What `/health/ready` answers. */
export interface ReadyReport {
  status: 'ok' | 'error';
  redis: 'up' | 'down';
  /** Why the collector cannot do its job (Redis down, commits failing and for how long, with the cause). */
  reason?: string;
}

/**
 * Liveness (`/health/live`, also `/health`): the process answers. Readiness (`/health/ready`): Redis
 * answers a PING and no commit loop has been failing for longer than READY_FAILING_MS; else 503 with the reason.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly redis: CollectorRedis,
    private readonly health: ServiceHealth,
  ) {}

  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('live')
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<ReadyReport> {
    if (!(await this.redis.ping())) {
      throw new HttpException({ status: 'error', redis: 'down', reason: 'Redis does not answer PING' } satisfies ReadyReport, 503);
    }
    const readiness = this.health.readiness();
    if (!readiness.ready) {
      throw new HttpException({ status: 'error', redis: 'up', reason: readiness.reason } satisfies ReadyReport, 503);
    }
    return { status: 'ok', redis: 'up' };
  }
}
