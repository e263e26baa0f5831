import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthDto } from '../http/api-docs.dto';
import { HealthService, type HealthReport } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Readiness, Redis included' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness, Redis included (same as /api/health; also at /health/ready)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.check(response);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (also at /health/live)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
