// Per-endpoint rate limits (deliveries per second), as token buckets in this worker process.
// With several workers each enforces the limit on its own share; a burst of one second is allowed.
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; updated: number }>();

  /** Takes a token and returns 0, or returns how many ms until one is available. */
  take(key: string, perSecond: number, now = Date.now()): number {
    const bucket = this.#buckets.get(key) ?? { tokens: perSecond, updated: now };
    bucket.tokens = Math.min(
      perSecond,
      bucket.tokens + ((now - bucket.updated) / 1000) * perSecond,
    );
    bucket.updated = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }
}
