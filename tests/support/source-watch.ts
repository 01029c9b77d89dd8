// Follows GET /api/v1/sources every few hundred ms through a broker fault and keeps what each
// source's status was when, so a test can say when a source went down, when it came back, and
// that another source never left "up".
import type { ApiClient } from "./server";

export interface StatusSample {
  at: number;
  /** Source id -> status; empty when the request itself failed. */
  status: Record<string, string>;
  error?: string;
  /** Source id -> the broker's error, for sources that are down. */
  errors?: Record<string, string>;
  /** How long GET /api/v1/sources took. */
  ms: number;
}

export class SourceWatch {
  readonly samples: StatusSample[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly everyMs = 200,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const t0 = Date.now();
        try {
          const r = await this.api.get("/api/v1/sources");
          const status = r.status === 200 ? Object.fromEntries(r.json.items.map((s: { id: string; status: string }) => [s.id, s.status])) : {};
          const errors = r.status === 200 ? Object.fromEntries(r.json.items.filter((s: { error?: string }) => s.error).map((s: { id: string; error: string }) => [s.id, s.error])) : {};
          this.samples.push({ at: t0, status, errors, ms: Date.now() - t0, ...(r.status === 200 ? {} : { error: `HTTP ${r.status}` }) });
        } catch (err) {
          this.samples.push({ at: t0, status: {}, ms: Date.now() - t0, error: String(err) });
        }
        await new Promise((r) => setTimeout(r, this.everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** When `id` was first seen with `status` at or after `since`; waits up to `timeoutMs`. */
  async seen(id: string, status: string, since: number, timeoutMs = 30_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.samples.find((s) => s.at >= since && s.status[id] === status);
      if (hit) return hit.at;
      if (Date.now() > until) throw new Error(`source ${id} not seen ${status} within ${timeoutMs} ms (last: ${JSON.stringify(this.samples.at(-1))})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Samples where `id` was anything but up (or the request failed): empty when it held. */
  notUp(id: string): StatusSample[] {
    return this.samples.filter((s) => s.status[id] !== "up");
  }

  slowest(): number {
    return Math.max(0, ...this.samples.map((s) => s.ms));
  }
}
