import { Controller, Get, HttpCode, HttpException } from '@nestjs/common';
import { readyReport, ServiceHealth, type ReadyReport } from '@coffee/service-kit';
import { ProcessorRedis } from '../redis/processor-redis';

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
    const { httpStatus, report } = readyReport(await this.redis.isReady(), this.health);
    if (httpStatus !== 200) {
      throw new HttpException(report, httpStatus);
    }
    return report;
  }
}
