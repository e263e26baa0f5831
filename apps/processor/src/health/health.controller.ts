import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ProcessorRedis } from '../redis/processor-redis';

/** Liveness (`/health`) and readiness (`/health/ready`: Redis answers). */
@Controller('health')
export class HealthController {
  constructor(private readonly redis: ProcessorRedis) {}

  @Get()
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; redis: 'up' }> {
    if (!(await this.redis.isReady())) {
      throw new ServiceUnavailableException({ status: 'error', redis: 'down' });
    }
    return { status: 'ok', redis: 'up' };
  }
}
