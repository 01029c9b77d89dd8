import "server-only";
import { SIGNATURE_HEADER, type DeliveryDto } from "@/lib/alerts";
import { errorText, secretsOfUrl } from "@/server/redact";
import { signature } from "./payload";
import { shownUrl, type WebhookTarget } from "./store";

export interface DeliveryOptions {
  /** Tries per delivery, the first included. */
  tries: number;
  /** Wait before the 2nd try; doubled before each next one (1 s, 2 s, 4 s, 8 s). */
  baseDelayMs: number;
  /** Each try is abandoned after this long. */
  timeoutMs: number;
  /** Deliveries in the queue or in flight beyond this are failed at once (a dead receiver cannot grow memory). */
  maxQueued: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { tries: 5, baseDelayMs: 1000, timeoutMs: 5000, maxQueued: 1000 };

/**
 * Sends notifications in the background: enqueue() returns at once, so the collector never
 * waits on a receiver. Network errors, timeouts, 429 and 5xx are retried with exponential
 * backoff; other answers are final. Each outcome is reported through `onOutcome`.
 */
export class WebhookDispatcher {
  private queued = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly onOutcome: (eventId: number, outcome: DeliveryDto) => void | Promise<void>,
    private readonly opts: DeliveryOptions = DEFAULT_DELIVERY,
  ) {}

  enqueue(eventId: number, hook: WebhookTarget, body: string): void {
    if (this.queued >= this.opts.maxQueued) {
      this.report(eventId, { webhookId: hook.id, webhook: hook.name, status: "failed", attempts: 0, error: "delivery queue full" });
      return;
    }
    this.queued += 1;
    const p = this.deliver(eventId, hook, body)
      .catch((err: unknown) => this.report(eventId, { webhookId: hook.id, webhook: hook.name, status: "failed", attempts: 0, error: errorText(err, [hook.url]) }))
      .finally(() => {
        this.queued -= 1;
        this.running.delete(p);
      });
    this.running.add(p);
  }

  /** Resolves when every delivery queued so far has finished (shutdown, tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
    await this.reported;
  }

  private async deliver(eventId: number, hook: WebhookTarget, body: string): Promise<void> {
    const { url, authorization } = splitCredentials(hook.url);
    const headers = {
      "content-type": "application/json",
      "user-agent": "QueueDeck-Alerts",
      [SIGNATURE_HEADER]: signature(body, hook.secret),
      ...(authorization ? { authorization } : {}),
    };
    let last: Pick<DeliveryDto, "httpStatus" | "error"> = {};
    let tried = 0;
    for (let attempt = 1; attempt <= this.opts.tries; attempt++) {
      tried = attempt;
      if (attempt > 1) await sleep(this.opts.baseDelayMs * 2 ** (attempt - 2));
      try {
        const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(this.opts.timeoutMs) });
        await res.body?.cancel().catch(() => undefined);
        if (res.status < 300) {
          this.report(eventId, { webhookId: hook.id, webhook: hook.name, status: "delivered", attempts: attempt, httpStatus: res.status });
          return;
        }
        last = { httpStatus: res.status, error: `HTTP ${res.status}` };
        if (res.status !== 429 && res.status < 500) break;
      } catch (err) {
        // The URL's credentials and path token stay out of the history and the log.
        last = { error: errorText(err, [...secretsOfUrl(hook.url), hook.url]) };
      }
      if (attempt < this.opts.tries) this.report(eventId, { webhookId: hook.id, webhook: hook.name, status: "pending", attempts: attempt, ...last });
    }
    this.report(eventId, { webhookId: hook.id, webhook: hook.name, status: "failed", attempts: tried, ...last });
    console.error(`[alerts] delivery to webhook "${hook.name}" (${shownUrl(hook.url)}) failed: ${last.error ?? "unknown error"}`);
  }

  /** Outcomes are written one after another, in the order they happened (pending, then final). */
  private reported: Promise<void> = Promise.resolve();

  private report(eventId: number, outcome: DeliveryDto): void {
    this.reported = this.reported
      .then(() => this.onOutcome(eventId, outcome))
      .catch((err: unknown) => console.error(`[alerts] recording a delivery outcome failed: ${errorText(err)}`));
  }
}

/** fetch refuses URLs with user:password@: they travel as Basic authorization instead. */
function splitCredentials(raw: string): { url: string; authorization?: string } {
  const u = new URL(raw);
  if (!u.username && !u.password) return { url: raw };
  const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString("base64");
  u.username = "";
  u.password = "";
  return { url: u.toString(), authorization: `Basic ${basic}` };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());
