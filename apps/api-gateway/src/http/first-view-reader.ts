import type { CatalogService } from '../catalog/catalog.service';
import type { RawQuery } from '../stats/stats-query.parser';
import type { StatsService } from '../stats/stats.service';
import type { FirstViewReader } from './first-view-embed';

/**
 * Reads the answers the dashboard's first view names, as the REST API would give them: `/api/config` and
 * `/api/branches` from the catalog, `/api/stats?…` through the same validation, cache and admission control as
 * `GET /api/stats` (a query that would be streamed, or in another format than JSON, is not embedded). Anything
 * that fails (invalid, overloaded, Redis down) is simply not embedded: the page then asks for it itself.
 */
export function firstViewReader(catalog: CatalogService, stats: StatsService, parseQuery: (query: string) => RawQuery): FirstViewReader {
  return async (url) => {
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    if (path === '/api/config') {
      return JSON.stringify(catalog.info());
    }
    if (path === '/api/branches') {
      return JSON.stringify(await catalog.branches());
    }
    if (path === '/api/stats') {
      const query = stats.parseQuery(parseQuery(mark < 0 ? '' : url.slice(mark + 1)));
      if ((query.format !== undefined && query.format !== 'json') || stats.streams(query)) {
        return undefined;
      }
      return (await stats.historyAnswer(query)).json;
    }
    return undefined;
  };
}
