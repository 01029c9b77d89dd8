import "server-only";
import type { Db } from "@/server/store/db";
import type { AlertEventDto, AlertRuleDto, AlertRuleInput, DeliveryDto, WebhookDto, WebhookFormat, WebhookInput } from "@/lib/alerts";
import type { AlertChange } from "./evaluator";

/** A webhook with its secret and full URL: for deliveries only, never for a response. */
export interface WebhookTarget {
  id: number;
  name: string;
  url: string;
  secret: string;
  format: WebhookFormat;
}

/** History rows kept; older ones are dropped as new ones arrive. */
const KEEP_EVENTS = 10_000;

interface RuleRow {
  id: number;
  name: string;
  source: string;
  entity: string;
  metric: AlertRuleDto["metric"];
  op: AlertRuleDto["op"];
  threshold: number;
  for_seconds: number;
  severity: AlertRuleDto["severity"];
  webhook_ids: string;
  created_at: string;
  updated_at: string;
}

interface WebhookRow {
  id: number;
  name: string;
  url: string;
  secret: string;
  format: WebhookFormat;
  created_at: string;
}

interface EventRow {
  id: number;
  at: string;
  state: AlertEventDto["state"];
  rule_id: number;
  name: string;
  severity: AlertEventDto["severity"];
  source: string;
  entity: string;
  metric: string;
  op: AlertEventDto["op"];
  threshold: number;
  value: number;
  deliveries: string;
}

/** Rules, webhooks and the alert history in the QueueDeck store. */
export class AlertStore {
  constructor(private readonly db: Db) {}

  // ---- rules

  listRules(): AlertRuleDto[] {
    return (this.db.prepare("SELECT * FROM alert_rules ORDER BY id").all() as RuleRow[]).map(toRule);
  }

  getRule(id: number): AlertRuleDto | undefined {
    const row = this.db.prepare("SELECT * FROM alert_rules WHERE id = ?").get(id) as RuleRow | undefined;
    return row && toRule(row);
  }

  createRule(r: AlertRuleInput, now = new Date().toISOString()): AlertRuleDto {
    const info = this.db
      .prepare(
        "INSERT INTO alert_rules (name, source, entity, metric, op, threshold, for_seconds, severity, webhook_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(r.name, r.source, r.entity, r.metric, r.op, r.threshold, r.forSeconds, r.severity, JSON.stringify(r.webhookIds), now, now);
    return this.getRule(Number(info.lastInsertRowid))!;
  }

  updateRule(id: number, r: AlertRuleInput, now = new Date().toISOString()): AlertRuleDto | undefined {
    const n = this.db
      .prepare(
        "UPDATE alert_rules SET name = ?, source = ?, entity = ?, metric = ?, op = ?, threshold = ?, for_seconds = ?, severity = ?, webhook_ids = ?, updated_at = ? WHERE id = ?",
      )
      .run(r.name, r.source, r.entity, r.metric, r.op, r.threshold, r.forSeconds, r.severity, JSON.stringify(r.webhookIds), now, id).changes;
    return n ? this.getRule(id) : undefined;
  }

  deleteRule(id: number): boolean {
    return this.db.prepare("DELETE FROM alert_rules WHERE id = ?").run(id).changes > 0;
  }

  // ---- webhooks

  listWebhooks(): WebhookDto[] {
    return (this.db.prepare("SELECT * FROM alert_webhooks ORDER BY id").all() as WebhookRow[]).map(toWebhook);
  }

  webhookTargets(ids: readonly number[]): WebhookTarget[] {
    if (!ids.length) return [];
    const rows = this.db.prepare(`SELECT * FROM alert_webhooks WHERE id IN (${ids.map(() => "?").join(",")}) ORDER BY id`).all(...ids) as WebhookRow[];
    return rows.map(({ id, name, url, secret, format }) => ({ id, name, url, secret, format }));
  }

  /** Ids among `ids` that name no webhook. */
  missingWebhooks(ids: readonly number[]): number[] {
    const found = new Set(this.webhookTargets(ids).map((w) => w.id));
    return ids.filter((id) => !found.has(id));
  }

  createWebhook(w: WebhookInput, now = new Date().toISOString()): WebhookDto {
    const info = this.db
      .prepare("INSERT INTO alert_webhooks (name, url, secret, format, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(w.name, w.url, w.secret, w.format, now);
    const row = this.db.prepare("SELECT * FROM alert_webhooks WHERE id = ?").get(Number(info.lastInsertRowid)) as WebhookRow;
    return toWebhook(row);
  }

  /** Deletes the webhook and takes it off every rule that named it. */
  deleteWebhook(id: number): { name: string } | undefined {
    return this.db.transaction(() => {
      const row = this.db.prepare("SELECT name FROM alert_webhooks WHERE id = ?").get(id) as { name: string } | undefined;
      if (!row) return undefined;
      this.db.prepare("DELETE FROM alert_webhooks WHERE id = ?").run(id);
      const rules = this.db.prepare("SELECT id, webhook_ids FROM alert_rules").all() as { id: number; webhook_ids: string }[];
      const update = this.db.prepare("UPDATE alert_rules SET webhook_ids = ? WHERE id = ?");
      for (const r of rules) {
        const ids = JSON.parse(r.webhook_ids) as number[];
        if (ids.includes(id)) update.run(JSON.stringify(ids.filter((x) => x !== id)), r.id);
      }
      return row;
    })();
  }

  // ---- history

  /** Runs `fn` in one transaction: a tick that changes many alerts writes them in one commit. */
  batch(fn: () => void): void {
    this.db.transaction(fn)();
  }

  appendEvent(c: AlertChange, deliveries: DeliveryDto[]): number {
    const info = this.db
      .prepare(
        "INSERT INTO alert_events (at, state, rule_id, name, severity, source, entity, metric, op, threshold, value, deliveries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        new Date(c.at).toISOString(),
        c.state,
        c.rule.id,
        c.rule.name,
        c.rule.severity,
        c.source,
        c.entity,
        c.rule.metric,
        c.rule.op,
        c.rule.threshold,
        c.value,
        JSON.stringify(deliveries),
      );
    const id = Number(info.lastInsertRowid);
    if (id % 100 === 0) this.db.prepare("DELETE FROM alert_events WHERE id <= ?").run(id - KEEP_EVENTS);
    return id;
  }

  /** Replaces one webhook's delivery outcome on a history row. */
  setDelivery(eventId: number, d: DeliveryDto): void {
    this.db.transaction(() => {
      const row = this.db.prepare("SELECT deliveries FROM alert_events WHERE id = ?").get(eventId) as { deliveries: string } | undefined;
      if (!row) return;
      const list = (JSON.parse(row.deliveries) as DeliveryDto[]).map((x) => (x.webhookId === d.webhookId ? d : x));
      this.db.prepare("UPDATE alert_events SET deliveries = ? WHERE id = ?").run(JSON.stringify(list), eventId);
    })();
  }

  /**
   * Alerts whose last recorded change is "firing", from rules not edited since: what was firing
   * when QueueDeck stopped, so a restart neither repeats "firing" nor forgets to send "resolved".
   */
  openFirings(): { ruleId: number; source: string; entity: string; since: number; value: number }[] {
    const rows = this.db
      .prepare(
        `SELECT e.rule_id, e.source, e.entity, e.at, e.value FROM alert_events e
         JOIN alert_rules r ON r.id = e.rule_id AND e.at >= r.updated_at
         WHERE e.state = 'firing' AND e.id IN (SELECT MAX(id) FROM alert_events GROUP BY rule_id, source, entity)`,
      )
      .all() as { rule_id: number; source: string; entity: string; at: string; value: number }[];
    return rows.map((r) => ({ ruleId: r.rule_id, source: r.source, entity: r.entity, since: Date.parse(r.at), value: r.value }));
  }

  /** Newest first; `before` is the id cursor of the previous page; `sources`: only events of these sources. */
  listEvents(opts: { limit: number; before?: number; sources?: string[] }): { items: AlertEventDto[]; nextCursor?: number } {
    const where = [...(opts.before !== undefined ? ["id < ?"] : []), ...(opts.sources ? [`source IN (${opts.sources.map(() => "?").join(", ")})`] : [])];
    const args = [...(opts.before !== undefined ? [opts.before] : []), ...(opts.sources ?? [])];
    const rows = this.db
      .prepare(`SELECT * FROM alert_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`)
      .all(...args, opts.limit + 1) as EventRow[];
    const items = rows.slice(0, opts.limit).map(toEvent);
    return { items, ...(rows.length > opts.limit ? { nextCursor: items[items.length - 1]!.id } : {}) };
  }
}

function toRule(r: RuleRow): AlertRuleDto {
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    entity: r.entity,
    metric: r.metric,
    op: r.op,
    threshold: r.threshold,
    forSeconds: r.for_seconds,
    severity: r.severity,
    webhookIds: JSON.parse(r.webhook_ids) as number[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toWebhook(r: WebhookRow): WebhookDto {
  return { id: r.id, name: r.name, url: shownUrl(r.url), secret: "set", format: r.format, createdAt: r.created_at };
}

function toEvent(r: EventRow): AlertEventDto {
  return {
    id: r.id,
    at: r.at,
    state: r.state,
    ruleId: r.rule_id,
    name: r.name,
    severity: r.severity,
    source: r.source,
    entity: r.entity,
    metric: r.metric,
    op: r.op,
    threshold: r.threshold,
    value: r.value,
    deliveries: JSON.parse(r.deliveries) as DeliveryDto[],
  };
}

/**
 * A webhook URL as responses and logs show it: no credentials, no query, and only the first path
 * segment (Slack-style URLs carry their token in the path).
 */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const segments = u.pathname.split("/").filter(Boolean);
    const path = segments.length ? `/${segments[0]}${segments.length > 1 || u.search ? "/…" : ""}` : u.search ? "/…" : "";
    return `${u.protocol}//${u.host}${path}`;
  } catch {
    return "(invalid url)";
  }
}
