import { Injectable, type PipeTransform } from '@nestjs/common';
import { StatsService } from './stats.service';
import type { RawQuery } from './stats-query.parser';
import type { WindowParams } from './window-params.parser';

/** Validates the `:branch/:date/:type` route parameters (400 naming the parameter otherwise). */
@Injectable()
export class WindowParamsPipe implements PipeTransform<RawQuery, WindowParams> {
  constructor(private readonly stats: StatsService) {}

  transform(params: RawQuery): WindowParams {
    return this.stats.parseWindowParams(params ?? {});
  }
}
