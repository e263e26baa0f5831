/** Options of a {@link ClientRateLimiter}. */
export interface ClientRateLimiterOptions {
  /** Tokens added per second to each client's bucket; 0 turns the limiter off. */
  ratePerSecond: number;
  /** Bucket size: requests a client may send at once after a quiet spell. */
  burst: number;
  /** Most clients tracked; the least recently seen one is forgotten first (it starts again with a full bucket). */
  maxClients: number;
  /** Clock, epoch ms (injected in tests). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client (e.g. per remote address): each request takes a token, tokens come back
 * at `ratePerSecond` up to `burst`. Memory is bounded by `maxClients`.
 */
export class ClientRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: ClientRateLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Clients tracked now. */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Takes a token from `client`'s bucket.
   * @returns 0 when the request may go ahead, else the whole seconds until a token is back (≥ 1)
   */
  take(client: string): number {
    const { ratePerSecond, burst, maxClients } = this.options;
    if (ratePerSecond === 0) {
      return 0;
    }
    const now = this.now();
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      if (this.buckets.size >= maxClients) {
        const oldest = this.buckets.keys().next();
        if (oldest.done !== true) {
          this.buckets.delete(oldest.value);
        }
      }
      bucket = { tokens: burst, at: now };
    } else {
      // Re-inserted, so the map's order stays least recently seen first.
      this.buckets.delete(client);
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * ratePerSecond);
      bucket.at = now;
    }
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
  }
}
