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

/**
 * Alerts end to end: rules from the store, evaluated after each collector tick on that tick's
 * snapshot; each state change goes to the history and, queued, to the rule's webhooks.
 */
export class AlertEngine {
  readonly store: AlertStore;
  readonly dispatcher: WebhookDispatcher;
  private readonly evaluator = new AlertEvaluator();
  private webhooksOf = new Map<number, number[]>();

  constructor(db: Db, delivery: DeliveryOptions = DEFAULT_DELIVERY) {
    this.store = new AlertStore(db);
    this.dispatcher = new WebhookDispatcher((eventId, outcome) => this.store.setDelivery(eventId, outcome), delivery);
    this.reload();
    this.evaluator.restore(this.store.openFirings());
  }

  /** After any rule change: the evaluator picks the rules up from the next tick. */
  reload(): void {
    const rules = this.store.listRules();
    this.evaluator.setRules(rules);
    this.webhooksOf = new Map(rules.map((r) => [r.id, r.webhookIds]));
  }

  /** The collector's hook: never throws into the sampler. */
  onTick(source: { id: string; kind: BrokerKind }, snap: Snapshot): void {
    try {
      const fresh = snap.sample.health.status === "up" && snap.listsSampledAt === snap.sampledAt;
      const changes = this.evaluator.evaluate(source, snap.sample, fresh, snap.sampledAt);
      if (changes.length) this.store.batch(() => changes.forEach((c) => this.record(c)));
    } catch (err) {
      console.error(`[alerts] evaluating ${source.id}'s tick failed: ${errorText(err)}`);
    }
  }

  firing(): FiringAlertDto[] {
    return this.evaluator.firing();
  }

  private record(change: AlertChange): void {
    const hooks = this.store.webhookTargets(this.webhooksOf.get(change.rule.id) ?? []);
    const pending: DeliveryDto[] = hooks.map((h) => ({ webhookId: h.id, webhook: h.name, status: "pending", attempts: 0 }));
    const eventId = this.store.appendEvent(change, pending);
    for (const h of hooks) this.dispatcher.enqueue(eventId, h, notificationBody(h.format, change));
  }
}
