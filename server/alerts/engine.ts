import "server-only";
import type { BrokerKind } from "@/lib/dto";
import type { DeliveryDto, FiringAlertDto } from "@/lib/alerts";
import type { Db } from "@/server/store/db";
import type { Snapshot } from "@/server/collector/sampler";
import { errorText } from "@/server/redact";
import { AlertEvaluator, type AlertChange } from "./evaluator";
import { DEFAULT_DELIVERY, WebhookDispatcher, type DeliveryOptions } from "./deliver";
import { notificationBody } from "./payload";
import { AlertStore } from "./store";
import type { CeleryFailures } from "./observe";

/** What rules read besides the snapshot: Celery's failed tasks by name, from the task history (no broker call). */
export interface AlertReads {
  celeryFailures?: (sourceId: string) => Promise<CeleryFailures[]>;
}

/**
 * Alerts end to end: rules from the store, evaluated after each collector tick on that tick's
 * snapshot; each state change goes to the history and, queued, to the rule's webhooks.
 */
export class AlertEngine {
  readonly store: AlertStore;
  readonly dispatcher: WebhookDispatcher;
  private readonly evaluator = new AlertEvaluator();
  private webhooksOf = new Map<number, number[]>();
  private printAtReload = "";

  private constructor(
    db: Db,
    delivery: DeliveryOptions,
    private readonly reads: AlertReads,
  ) {
    this.store = new AlertStore(db);
    this.dispatcher = new WebhookDispatcher((eventId, outcome) => this.store.setDelivery(eventId, outcome), delivery);
  }

  /** Rules loaded, and what was firing when QueueDeck stopped restored. */
  static async open(db: Db, delivery: DeliveryOptions = DEFAULT_DELIVERY, reads: AlertReads = {}): Promise<AlertEngine> {
    const engine = new AlertEngine(db, delivery, reads);
    await engine.reload();
    engine.evaluator.restore(await engine.store.openFirings());
    return engine;
  }

  /** After any rule change: the evaluator picks the rules up from the next tick. */
  async reload(): Promise<void> {
    this.printAtReload = await this.store.fingerprint();
    const rules = await this.store.listRules();
    this.evaluator.setRules(rules);
    this.webhooksOf = new Map(rules.map((r) => [r.id, r.webhookIds]));
  }

  /**
   * This replica starts evaluating a source another one evaluated until now (replicas on one
   * database): it starts from what the store says is firing there, so a firing alert is neither
   * sent twice nor left unresolved.
   */
  async adoptSource(sourceId: string): Promise<void> {
    const firing = (await this.store.openFirings()).filter((f) => f.source === sourceId);
    this.evaluator.forgetSource(sourceId);
    this.evaluator.restore(firing);
  }

  forgetSource(sourceId: string): void {
    this.evaluator.forgetSource(sourceId);
  }

  /** Rules changed through another replica are picked up here (called on each replica loop). */
  async syncRules(): Promise<void> {
    const print = await this.store.fingerprint();
    if (print === this.printAtReload) return;
    await this.reload();
  }

  /** The collector's hook: never throws into the sampler. */
  onTick(source: { id: string; kind: BrokerKind }, snap: Snapshot): void {
    try {
      const fresh = snap.sample.health.status === "up" && snap.listsSampledAt === snap.sampledAt;
      const celeryFailures = this.reads.celeryFailures;
      if (fresh && source.kind === "celery" && celeryFailures && this.evaluator.wants(source.id, "deadLetters")) {
        this.track(
          celeryFailures(source.id).then(
            (failures) => this.evaluateTick(source, snap, fresh, failures),
            // Without the history's numbers only sourceDown is known: other alerts hold their state.
            () => this.evaluateTick(source, snap, false),
          ),
        );
        return;
      }
      this.track(this.evaluateTick(source, snap, fresh));
    } catch (err) {
      console.error(`[alerts] evaluating ${source.id}'s tick failed: ${errorText(err)}`);
    }
  }

  private evaluateTick(source: { id: string; kind: BrokerKind }, snap: Snapshot, fresh: boolean, celeryFailures?: CeleryFailures[]): Promise<void> {
    try {
      const changes = this.evaluator.evaluate(source, snap.sample, fresh, snap.sampledAt, celeryFailures);
      if (!changes.length) return Promise.resolve();
      return this.write(changes).catch((err: unknown) => console.error(`[alerts] recording ${source.id}'s alerts failed: ${errorText(err)}`));
    } catch (err) {
      console.error(`[alerts] evaluating ${source.id}'s tick failed: ${errorText(err)}`);
      return Promise.resolve();
    }
  }

  firing(): FiringAlertDto[] {
    return this.evaluator.firing();
  }

  /** Every tick's evaluation and history write so far (tests wait for it). */
  written: Promise<void> = Promise.resolve();

  private track(tick: Promise<void>): void {
    this.written = Promise.all([this.written, tick]).then(() => undefined);
  }

  /** A tick's changes in one commit; webhooks are queued once their history rows are committed. */
  private async write(changes: readonly AlertChange[]): Promise<void> {
    const sends = await this.store.batch(async (store) => {
      const out: (() => void)[] = [];
      for (const change of changes) {
        const hooks = await store.webhookTargets(this.webhooksOf.get(change.rule.id) ?? []);
        const pending: DeliveryDto[] = hooks.map((h) => ({ webhookId: h.id, webhook: h.name, status: "pending", attempts: 0 }));
        const eventId = await store.appendEvent(change, pending);
        for (const h of hooks) out.push(() => this.dispatcher.enqueue(eventId, h, notificationBody(h.format, change)));
      }
      return out;
    });
    for (const send of sends) send();
  }
}
