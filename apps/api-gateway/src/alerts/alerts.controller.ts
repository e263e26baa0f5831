import { STATISTIC_TYPES } from '@coffee/aggregation';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorDto } from '../http/api-docs.dto';
import { sendAnswer } from '../http/send-answer';
import type { RawQuery } from './alerts-query.parser';
import { AlertsService, type AlertsResponse } from './alerts.service';

@ApiTags('alerts')
@ApiBadRequestResponse({ type: ErrorDto, description: 'A parameter is invalid; the message names it' })
@ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Redis is unavailable' })
@Controller()
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('alerts')
  @ApiOperation({ summary: 'Alerts (silent, drop, spike), newest first, open or resolved' })
  @ApiQuery({ name: 'from', required: false, description: 'Alerts active at or after: epoch ms or ISO 8601 with zone' })
  @ApiQuery({ name: 'to', required: false, description: 'Alerts opened at or before: epoch ms or ISO 8601 with zone' })
  @ApiQuery({ name: 'branch', required: false, description: 'Branch name or all (the chain)' })
  @ApiQuery({ name: 'rule', required: false, description: 'silent, drop or spike' })
  @ApiQuery({ name: 'state', required: false, description: 'open or resolved' })
  @ApiQuery({ name: 'limit', required: false, description: 'Most alerts (default 100, at most ALERTS_MAX_RESULTS)' })
  list(@Query() query: RawQuery): Promise<AlertsResponse> {
    return this.alerts.alerts(this.alerts.parseAlerts(query ?? {}));
  }

  @Get('top')
  @ApiOperation({ summary: 'Top-N categories of each window (ties by name), from the stored hashes' })
  @ApiQuery({ name: 'type', required: false, description: `One of ${STATISTIC_TYPES.join(', ')} (default Orders)` })
  @ApiQuery({ name: 'n', required: false, description: 'Places per window (default 3, at most TOP_MAX_N)' })
  @ApiQuery({ name: 'branch', required: false, description: 'Branch name or all (default all)' })
  @ApiQuery({ name: 'resolution', required: false, description: '30s (base), 1m, 1h or 1d (default the base)' })
  @ApiQuery({ name: 'from', required: false, description: 'Range start (default 19 windows before to)' })
  @ApiQuery({ name: 'to', required: false, description: 'Range end (default now)' })
  async top(@Query() query: RawQuery, @Req() request: Request, @Res() response: Response): Promise<void> {
    sendAnswer(request, response, await this.alerts.topAnswer(this.alerts.parseTop(query ?? {})));
  }
}
