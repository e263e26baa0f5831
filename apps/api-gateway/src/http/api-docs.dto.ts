import { STATISTIC_TYPES } from '@coffee/aggregation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes for the OpenAPI document only; the services return plain objects of these shapes.

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' }, example: { '2030': 3, '3040': 0 } } as const;

export class StatsWindowDto {
  @ApiProperty({ example: '20231115061330', description: 'Datestring of the window start' })
  date!: string;
  @ApiProperty({ example: 1700000010000, description: 'Window start, epoch ms' })
  start!: number;
  @ApiProperty({ ...COUNTS, description: 'Every known category (0 when absent) plus any unknown category seen' })
  counts!: Record<string, number>;
  @ApiProperty({ example: 3 })
  total!: number;
}

export class StatsHistoryDto {
  @ApiProperty({ example: 'jeongja', description: 'Branch name, or all for the all-branches roll-up' })
  branch!: string;
  @ApiProperty({ example: '30s' })
  resolution!: string;
  @ApiProperty({ example: 1700000000000, description: 'Epoch ms' })
  from!: number;
  @ApiProperty({ example: 1700000600000, description: 'Epoch ms' })
  to!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/StatsWindowDto' } },
    description: 'Windows per statistic type, oldest first, zero-filled',
  })
  series!: Record<string, StatsWindowDto[]>;
  @ApiPropertyOptional({ example: 'Orders', description: 'Only when exactly one type was asked for' })
  type?: string;
  @ApiPropertyOptional({ type: [StatsWindowDto], description: 'series[type], only when exactly one type was asked for' })
  windows?: StatsWindowDto[];
}

export class StoredWindowDto {
  @ApiProperty({ example: 'jeongja' })
  branch!: string;
  @ApiProperty({ example: '20141001093030' })
  date!: string;
  @ApiProperty({ example: 'CustomerAgeGrades' })
  type!: string;
  @ApiProperty({ ...COUNTS, description: 'The stored hash as is ({} when absent)' })
  counts!: Record<string, number>;
}

export class BranchesDto {
  @ApiProperty({ example: ['jeongja', 'migeum', 'seohyeon', 'sunae'] })
  branches!: string[];
}

export class GatewayInfoDto {
  @ApiProperty({ example: 'Asia/Seoul' })
  timeZone!: string;
  @ApiProperty({ example: 30 })
  windowSizeSeconds!: number;
  @ApiProperty({ example: ['30s', '1m', '1h', '1d'] })
  resolutions!: string[];
  @ApiProperty({ example: [...STATISTIC_TYPES] })
  statisticTypes!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  vocabulary!: Record<string, string[]>;
  @ApiProperty({ example: 10000, description: 'Most windows one history query may span' })
  maxWindows!: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] })
  redis!: 'up' | 'down';
}

export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;
  @ApiProperty({ example: 'Bad Request' })
  error!: string;
  @ApiProperty({ example: `type: unknown statistic type "Foo" (expected one of ${STATISTIC_TYPES.join(', ')})` })
  message!: string;
}
