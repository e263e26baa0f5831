// The 2014 page's client logic (zoona/practice-realtime public/javascripts/packetprocessor.js), message for message, over any socket.io client.

/** A `{header, body}` packet of the original protocol. */
export interface Packet {
  header: string;
  body: unknown;
}

/** One bar of the page's chart: `{branch, date, counts: [{type, count}]}` (the page reads only date and counts). */
export interface Bar {
  branch?: string;
  date: string;
  counts: { type: string; count: number | string }[];
}

/** What the page needs of a socket: socket.io 1.x and 4.x clients both have it. */
export interface PageSocket {
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'message', listener: (message: Packet) => void): unknown;
  send(packet: Packet): unknown;
}

/** The page's `d3chart.maxBarNumber`. */
export const MAX_BARS = 20;

/**
 * Sends exactly what the original page sends — on connect `REQUEST_AUTH {name, email}`, on
 * `RESPONSE_AUTH {status:"ok"}` `REQUEST_STATISTICS_HISTORY {branch:"jeongja", type:"CustomerAgeGrades",
 * count:20}` — and keeps its chart data the way it does: the history answer replaces the dataset; a
 * `PUBLISH_STATISTICS` whose date equals the last bar's replaces it, any other date shifts out the
 * first bar and appends (only once 20 bars are shown). `dataset.forEach` is what the page calls on
 * the history body, so a body that is not an array throws there as it would in the browser.
 */
export class OriginalPage {
  readonly received: Packet[] = [];
  dataset: Bar[] = [];
  errors: string[] = [];

  constructor(socket: PageSocket) {
    socket.on('connect', () => {
      socket.send({ header: 'REQUEST_AUTH', body: { name: 'hozoon', email: 'zoona@zoona.com' } });
    });
    socket.on('message', (message) => {
      this.received.push(message);
      try {
        this.process(socket, message);
      } catch (error) {
        this.errors.push(error instanceof Error ? error.message : String(error));
      }
    });
  }

  /** Headers received so far, in order. */
  get headers(): string[] {
    return this.received.map((packet) => packet.header);
  }

  /** Bodies of the live packets received so far. */
  get live(): Bar[] {
    return this.received.filter((packet) => packet.header === 'PUBLISH_STATISTICS').map((packet) => packet.body as Bar);
  }

  private process(socket: PageSocket, packet: Packet): void {
    switch (packet.header) {
      case 'RESPONSE_AUTH':
        if ((packet.body as { status?: string }).status === 'ok') {
          socket.send({ header: 'REQUEST_STATISTICS_HISTORY', body: { branch: 'jeongja', type: 'CustomerAgeGrades', count: 20 } });
        }
        break;
      case 'RESPONSE_STATISTICS_HISTORY': {
        const dataset = packet.body as Bar[];
        dataset.forEach((bar) => bar.counts.forEach((count) => Number.parseInt(String(count.count), 10)));
        this.dataset = dataset;
        break;
      }
      case 'PUBLISH_STATISTICS': {
        const statistics = packet.body as Bar;
        const last = this.dataset[this.dataset.length - 1];
        if (last.date === statistics.date) {
          this.dataset[this.dataset.length - 1] = statistics;
        } else if (this.dataset.length >= MAX_BARS) {
          this.dataset.shift();
          this.dataset.push(statistics);
        }
        break;
      }
      default:
        break;
    }
  }
}

/** Category → count of a bar, counted categories only. */
export function barCounts(bar: Bar): Record<string, number> {
  return Object.fromEntries(bar.counts.map(({ type, count }) => [type, Number(count)]).filter(([, count]) => count !== 0));
}
