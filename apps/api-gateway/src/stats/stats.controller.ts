import { STATISTIC_TYPES } from '@coffee/aggregation';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiProduces, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorDto, StatsHistoryDto, StoredWindowDto } from '../http/api-docs.dto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { sendAnswer } from '../http/send-answer';
import { sendStream } from '../http/send-stream';
import { HISTORY_CONTENT_TYPES, type HistoryFormat } from './history-stream.encoder';
import type { StatsQuery } from './stats-query.parser';
import { StatsQueryPipe } from './stats-query.pipe';
import { StatsService, type StoredWindowResponse } from './stats.service';
import type { WindowParams } from './window-params.parser';
import { WindowParamsPipe } from './window-params.pipe';

@ApiTags('stats')
@ApiBadRequestResponse({ type: ErrorDto, description: 'A parameter is invalid; the message names it' })
@ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Redis is unavailable, or history reads are overloaded (with Retry-After)' })
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Windows of one branch (or all) per statistic type, oldest first, zero-filled' })
  @ApiQuery({ name: 'branch', required: false, description: 'Branch name or all (default all)' })
  @ApiQuery({ name: 'type', required: false, description: `Comma list of ${STATISTIC_TYPES.join(', ')} (default all)` })
  @ApiQuery({ name: 'resolution', required: false, description: '30s (base), 1m, 1h or 1d (default the base)' })
  @ApiQuery({ name: 'last', required: false, description: 'The last N windows ending with the current one (default 20)' })
  @ApiQuery({ name: 'from', required: false, description: 'Range start: epoch ms or ISO 8601 date-time with zone' })
  @ApiQuery({ name: 'to', required: false, description: 'Range end: epoch ms or ISO 8601 date-time with zone (default now)' })
  @ApiQuery({ name: 'format', required: false, description: 'json (default), csv or ndjson; or the Accept header (text/csv, application/x-ndjson)' })
  @ApiProduces(...Object.values(HISTORY_CONTENT_TYPES))
  @ApiOkResponse({ type: StatsHistoryDto })
  async history(@Query(StatsQueryPipe) query: StatsQuery, @Req() request: Request, @Res() response: Response): Promise<void> {
    const format = query.format ?? negotiateFormat(request);
    if (format === 'json' && !this.stats.streams(query)) {
      sendAnswer(request, response, await this.stats.historyAnswer(query));
      return;
    }
    const stream = await this.stats.openHistoryStream(query, format);
    const filename = format === 'csv' ? `coffee-pulse-${query.branch.client}-${query.resolution}.csv`.replace(/[^\w.-]/g, '_') : undefined;
    await sendStream(request, response, stream, { writeTimeoutMs: this.config.history.writeTimeoutMs, filename });
  }

  @Get(':branch/:date/:type')
  @ApiOperation({ summary: 'One stored hash <branch>:<date>:<type>, as the original layout holds it' })
  @ApiParam({ name: 'branch', description: 'Branch name or all' })
  @ApiParam({ name: 'date', description: 'Datestring of a window at any resolution (14, 12, 10 or 8 digits)' })
  @ApiParam({ name: 'type', description: `One of ${STATISTIC_TYPES.join(', ')}` })
  @ApiOkResponse({ type: StoredWindowDto })
  storedWindow(@Param(WindowParamsPipe) params: WindowParams): Promise<StoredWindowResponse> {
    return this.stats.storedWindow(params);
  }
}

/** The format the `Accept` header prefers (JSON when it names none of them). */
function negotiateFormat(request: Request): HistoryFormat {
  const preferred = request.accepts(['application/json', 'text/csv', 'application/x-ndjson']);
  return preferred === 'text/csv' ? 'csv' : preferred === 'application/x-ndjson' ? 'ndjson' : 'json';
}
