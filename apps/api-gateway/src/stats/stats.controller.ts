import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorDto, StatsHistoryDto, StoredWindowDto } from '../http/api-docs.dto';
import { sendAnswer } from '../http/send-answer';
import type { StatsQuery } from './stats-query.parser';
import { StatsQueryPipe } from './stats-query.pipe';
import { StatsService, type StoredWindowResponse } from './stats.service';
import type { WindowParams } from './window-params.parser';
import { WindowParamsPipe } from './window-params.pipe';

@ApiTags('stats')
@ApiBadRequestResponse({ type: ErrorDto, description: 'A parameter is invalid; the message names it' })
@ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Redis is unavailable' })
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({ summary: 'Windows of one branch (or all) per statistic type, oldest first, zero-filled' })
  @ApiQuery({ name: 'branch', required: false, description: 'Branch name or all (default all)' })
  @ApiQuery({ name: 'type', required: false, description: 'Comma list of CustomerAgeGrades, PaymentMethods, Orders (default all three)' })
  @ApiQuery({ name: 'resolution', required: false, description: '30s (base), 1m, 1h or 1d (default the base)' })
  @ApiQuery({ name: 'last', required: false, description: 'The last N windows ending with the current one (default 20)' })
  @ApiQuery({ name: 'from', required: false, description: 'Range start: epoch ms or ISO 8601 date-time with zone' })
  @ApiQuery({ name: 'to', required: false, description: 'Range end: epoch ms or ISO 8601 date-time with zone (default now)' })
  @ApiOkResponse({ type: StatsHistoryDto })
  async history(@Query(StatsQueryPipe) query: StatsQuery, @Req() request: Request, @Res() response: Response): Promise<void> {
    sendAnswer(request, response, await this.stats.historyAnswer(query));
  }

  @Get(':branch/:date/:type')
  @ApiOperation({ summary: 'One stored hash <branch>:<date>:<type>, as the original layout holds it' })
  @ApiParam({ name: 'branch', description: 'Branch name or all' })
  @ApiParam({ name: 'date', description: 'Datestring of a window at any resolution (14, 12, 10 or 8 digits)' })
  @ApiParam({ name: 'type', description: 'CustomerAgeGrades, PaymentMethods or Orders' })
  @ApiOkResponse({ type: StoredWindowDto })
  storedWindow(@Param(WindowParamsPipe) params: WindowParams): Promise<StoredWindowResponse> {
    return this.stats.storedWindow(params);
  }
}
