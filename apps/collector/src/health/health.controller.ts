import { Controller, Get, HttpException } from '@nestjs/common';
import { readyReport, ServiceHealth, type ReadyReport } from '@coffee/service-kit';
import { CollectorRedis } from '../redis/collector-redis';

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
    const { httpStatus, report } = readyReport(await this.redis.ping(), this.health);
    if (httpStatus !== 200) {
      throw new HttpException(report, httpStatus);
    }
    return report;
  }
}
