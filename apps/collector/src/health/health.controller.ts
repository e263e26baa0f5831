import { Controller, Get, HttpException } from '@nestjs/common';
import { CollectorRedis } from '../redis/collector-redis';

/** Liveness (`/health`) and readiness including a Redis PING (`/health/ready`). */
@Controller('health')
export class HealthController {
  constructor(private readonly redis: CollectorRedis) {}

  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; redis: 'up' }> {
    if (!(await this.redis.ping())) {
      throw new HttpException({ status: 'error', redis: 'down' }, 503);
    }
    return { status: 'ok', redis: 'up' };
  }
}
