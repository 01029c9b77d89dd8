import "server-only";

/**
 * At most `ratePerSecond` takes per second, with bursts of up to 50 ms worth of tokens so
 * that high rates are not capped by timer granularity (setTimeout sleeps at least ~1 ms).
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  private readonly capacity: number;

  constructor(private readonly ratePerSecond: number) {
    this.capacity = Math.max(1, ratePerSecond / 20);
    this.tokens = 1;
  }

  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1 || signal?.aborted) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000))));
    }
  }
}
