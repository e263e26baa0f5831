import { Controller, Get, HttpCode, HttpException, Inject, type Type } from '@nestjs/common';
import { readyReport, ServiceHealth, type ReadyReport } from './service-health';

/**
 * The health controller of a service whose readiness is "Redis answers, and no retry loop of its
 * `ServiceHealth` has been failing for too long" (the collector, the processor): liveness at
 * `/health` and `/health/live` (the process answers), readiness at `/health/ready` (200 with the
 * report, else 503 with the reason). `redisUp` asks the service's own Redis provider (`source`).
 *
 * @example
 * export const HealthController = createHealthController(CollectorRedis, (redis) => redis.ping());
 */
export function createHealthController<T>(source: Type<T>, redisUp: (source: T) => Promise<boolean>): Type<unknown> {
  @Controller('health')
  class HealthController {
    constructor(
      @Inject(source) private readonly redis: T,
      @Inject(ServiceHealth) private readonly health: ServiceHealth,
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
      const { httpStatus, report } = readyReport(await redisUp(this.redis), this.health);
      if (httpStatus !== 200) {
        throw new HttpException(report, httpStatus);
      }
      return report;
    }
  }
  return HealthController;
}
