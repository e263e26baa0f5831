import { Injectable, type PipeTransform } from '@nestjs/common';
import type { RawQuery, StatsQuery } from './stats-query.parser';
import { StatsService } from './stats.service';

/** Turns the raw `GET /api/stats` query string into a validated {@link StatsQuery} (400 naming the parameter otherwise). */
@Injectable()
export class StatsQueryPipe implements PipeTransform<RawQuery, StatsQuery> {
  constructor(private readonly stats: StatsService) {}

  transform(query: RawQuery): StatsQuery {
    return this.stats.parseQuery(query ?? {});
  }
}
