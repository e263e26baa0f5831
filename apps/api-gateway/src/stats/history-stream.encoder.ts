import type { StatisticType, StatsWindow } from '@coffee/aggregation';

/** Answer formats of `GET /api/stats`. */
export type HistoryFormat = 'json' | 'csv' | 'ndjson';

/** Every format, the default first. */
export const HISTORY_FORMATS: readonly HistoryFormat[] = ['json', 'csv', 'ndjson'];

/** Content type of each format. */
export const HISTORY_CONTENT_TYPES: Readonly<Record<HistoryFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** Columns of the CSV form: one row per window, type and category. */
export const CSV_HEADER = 'branch,resolution,type,date,start,category,count';

/** A window of the answer, as the store enumerates it. */
export interface WindowRef {
  readonly date: string;
  readonly start: number;
}

/** What a streamed answer holds: the same fields as the JSON answer, windows still to be read. */
export interface HistoryStreamPlan<W extends WindowRef = WindowRef> {
  /** Branch as clients name it (`all`). */
  branch: string;
  resolution: string;
  from: number;
  to: number;
  types: readonly StatisticType[];
  windows: readonly W[];
  /** Windows read per page (one pipelined round trip each). */
  pageWindows: number;
  format: HistoryFormat;
}

/** Reads the history windows of one type for the given windows, in order. */
export type ReadPage<W extends WindowRef = WindowRef> = (type: StatisticType, windows: readonly W[]) => Promise<StatsWindow[]>;

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The answer of a history query as text chunks, one per page of windows, reading each page only
 * when the previous chunk has been taken: memory holds one page, whatever the answer's size. The
 * JSON form is byte for byte `JSON.stringify` of the whole answer (a one-type answer lists its
 * windows twice, `series.<type>` and `windows`, so they are read twice).
 */
export async function* encodeHistory<W extends WindowRef>(plan: HistoryStreamPlan<W>, readPage: ReadPage<W>): AsyncGenerator<string> {
  const pages = async function* (type: StatisticType): AsyncGenerator<StatsWindow[]> {
    for (let at = 0; at < plan.windows.length; at += plan.pageWindows) {
      yield await readPage(type, plan.windows.slice(at, at + plan.pageWindows));
    }
  };
  switch (plan.format) {
    case 'json': {
      const { branch, resolution, from, to } = plan;
      const head = JSON.stringify({ branch, resolution, from, to });
      yield `${head.slice(0, -1)},"series":{`;
      for (const [index, type] of plan.types.entries()) {
        yield* jsonArray(`${index === 0 ? '' : ','}${JSON.stringify(type)}:[`, pages(type));
      }
      const only = plan.types.length === 1 ? plan.types[0] : undefined;
      if (only !== undefined) {
        yield* jsonArray(`},"type":${JSON.stringify(only)},"windows":[`, pages(only));
        yield '}';
      } else {
        yield '}}';
      }
      return;
    }
    case 'csv': {
      yield `${CSV_HEADER}\r\n`;
      const prefix = `${csvField(plan.branch)},${csvField(plan.resolution)},`;
      for (const type of plan.types) {
        for await (const windows of pages(type)) {
          let text = '';
          for (const window of windows) {
            const cells = `${prefix}${type},${window.date},${window.start},`;
            for (const category of Object.keys(window.counts)) {
              text += `${cells}${csvField(category)},${window.counts[category] ?? 0}\r\n`;
            }
          }
          yield text;
        }
      }
      return;
    }
    case 'ndjson': {
      for (const type of plan.types) {
        for await (const windows of pages(type)) {
          let text = '';
          for (const window of windows) {
            text += `${JSON.stringify({ branch: plan.branch, resolution: plan.resolution, type, ...window })}\n`;
          }
          yield text;
        }
      }
      return;
    }
  }
}

async function* jsonArray(open: string, pages: AsyncGenerator<StatsWindow[]>): AsyncGenerator<string> {
  let first = true;
  let chunk = open;
  for await (const windows of pages) {
    for (const window of windows) {
      chunk += first ? JSON.stringify(window) : `,${JSON.stringify(window)}`;
      first = false;
    }
    yield chunk;
    chunk = '';
  }
  yield `${chunk}]`;
}
