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

  /** Changes whenever a rule or webhook is added, edited or deleted. */
  async fingerprint(): Promise<string> {
    const row = await this.db.get<Record<string, unknown>>(
      `SELECT (SELECT COUNT(*) FROM alert_rules) AS n, (SELECT MAX(id) FROM alert_rules) AS id, (SELECT MAX(updated_at) FROM alert_rules) AS at,
              (SELECT COUNT(*) FROM alert_webhooks) AS wn, (SELECT MAX(id) FROM alert_webhooks) AS wid`,
    );
    return JSON.stringify(row ?? {});
  }

  async listRules(): Promise<AlertRuleDto[]> {
    return (await this.db.all<RuleRow>("SELECT * FROM alert_rules ORDER BY id")).map(toRule);
  }

  async getRule(id: number): Promise<AlertRuleDto | undefined> {
    const row = await this.db.get<RuleRow>("SELECT * FROM alert_rules WHERE id = ?", [id]);
    return row && toRule(row);
  }

  async createRule(r: AlertRuleInput, now = new Date().toISOString()): Promise<AlertRuleDto> {
    const row = await this.db.get<RuleRow>(
      "INSERT INTO alert_rules (name, source, entity, metric, op, threshold, for_seconds, severity, webhook_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
      [r.name, r.source, r.entity, r.metric, r.op, r.threshold, r.forSeconds, r.severity, JSON.stringify(r.webhookIds), now, now],
    );
    return toRule(row!);
  }

  async updateRule(id: number, r: AlertRuleInput, now = new Date().toISOString()): Promise<AlertRuleDto | undefined> {
    const n = await this.db.run(
      "UPDATE alert_rules SET name = ?, source = ?, entity = ?, metric = ?, op = ?, threshold = ?, for_seconds = ?, severity = ?, webhook_ids = ?, updated_at = ? WHERE id = ?",
      [r.name, r.source, r.entity, r.metric, r.op, r.threshold, r.forSeconds, r.severity, JSON.stringify(r.webhookIds), now, id],
    );
    return n ? this.getRule(id) : undefined;
  }

  async deleteRule(id: number): Promise<boolean> {
    return (await this.db.run("DELETE FROM alert_rules WHERE id = ?", [id])) > 0;
  }

  // ---- webhooks

  async listWebhooks(): Promise<WebhookDto[]> {
    return (await this.db.all<WebhookRow>("SELECT * FROM alert_webhooks ORDER BY id")).map(toWebhook);
  }

  async webhookTargets(ids: readonly number[]): Promise<WebhookTarget[]> {
    if (!ids.length) return [];
    const rows = await this.db.all<WebhookRow>(`SELECT * FROM alert_webhooks WHERE id IN (${ids.map(() => "?").join(",")}) ORDER BY id`, ids);
    return rows.map(({ id, name, url, secret, format }) => ({ id, name, url, secret, format }));
  }

  /** Ids among `ids` that name no webhook. */
  async missingWebhooks(ids: readonly number[]): Promise<number[]> {
    const found = new Set((await this.webhookTargets(ids)).map((w) => w.id));
    return ids.filter((id) => !found.has(id));
  }

  async createWebhook(w: WebhookInput, now = new Date().toISOString()): Promise<WebhookDto> {
    const row = await this.db.get<WebhookRow>("INSERT INTO alert_webhooks (name, url, secret, format, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *", [
      w.name,
      w.url,
      w.secret,
      w.format,
      now,
    ]);
    return toWebhook(row!);
  }

  /** Deletes the webhook and takes it off every rule that named it. */
  deleteWebhook(id: number): Promise<{ name: string } | undefined> {
    return this.db.tx(async (q) => {
      const row = await q.get<{ name: string }>("SELECT name FROM alert_webhooks WHERE id = ?", [id]);
      if (!row) return undefined;
      await q.run("DELETE FROM alert_webhooks WHERE id = ?", [id]);
      const rules = await q.all<{ id: number; webhook_ids: string }>("SELECT id, webhook_ids FROM alert_rules");
      for (const r of rules) {
        const ids = JSON.parse(r.webhook_ids) as number[];
        if (ids.includes(id)) await q.run("UPDATE alert_rules SET webhook_ids = ? WHERE id = ?", [JSON.stringify(ids.filter((x) => x !== id)), r.id]);
      }
      return row;
    });
  }

  // ---- history

  /** Runs `fn` in one transaction: a tick that changes many alerts writes them in one commit. */
  batch<T>(fn: (store: AlertStore) => Promise<T>): Promise<T> {
    return this.db.tx((q) => fn(new AlertStore(q)));
  }

  async appendEvent(c: AlertChange, deliveries: DeliveryDto[]): Promise<number> {
    const row = await this.db.get<{ id: number }>(
      "INSERT INTO alert_events (at, state, rule_id, name, severity, source, entity, metric, op, threshold, value, deliveries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      [
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
      ],
    );
    const id = Number(row!.id);
    if (id % 100 === 0) await this.db.run("DELETE FROM alert_events WHERE id <= ?", [id - KEEP_EVENTS]);
    return id;
  }

  /** Replaces one webhook's delivery outcome on a history row. */
  setDelivery(eventId: number, d: DeliveryDto): Promise<void> {
    return this.db.tx(async (q) => {
      // FOR UPDATE (PostgreSQL): two replicas' deliveries to one event must not overwrite each other.
      const lock = q.dialect === "postgres" ? " FOR UPDATE" : "";
      const row = await q.get<{ deliveries: string }>(`SELECT deliveries FROM alert_events WHERE id = ?${lock}`, [eventId]);
      if (!row) return;
      const list = (JSON.parse(row.deliveries) as DeliveryDto[]).map((x) => (x.webhookId === d.webhookId ? d : x));
      await q.run("UPDATE alert_events SET deliveries = ? WHERE id = ?", [JSON.stringify(list), eventId]);
    });
  }

  /**
   * Alerts whose last recorded change is "firing", from rules not edited since: what was firing
   * when QueueDeck stopped, so a restart neither repeats "firing" nor forgets to send "resolved".
   */
  async openFirings(): Promise<{ ruleId: number; source: string; entity: string; since: number; value: number }[]> {
    const rows = await this.db.all<{ rule_id: number; source: string; entity: string; at: string; value: number }>(
      `SELECT e.rule_id, e.source, e.entity, e.at, e.value FROM alert_events e
       JOIN alert_rules r ON r.id = e.rule_id AND e.at >= r.updated_at
       WHERE e.state = 'firing' AND e.id IN (SELECT MAX(id) FROM alert_events GROUP BY rule_id, source, entity)`,
    );
    return rows.map((r) => ({ ruleId: r.rule_id, source: r.source, entity: r.entity, since: Date.parse(r.at), value: r.value }));
  }

  /** Newest first; `before` is the id cursor of the previous page; `sources`: only events of these sources. */
  async listEvents(opts: { limit: number; before?: number; sources?: string[] }): Promise<{ items: AlertEventDto[]; nextCursor?: number }> {
    const where = [
      ...(opts.before !== undefined ? ["id < ?"] : []),
      ...(opts.sources ? [opts.sources.length ? `source IN (${opts.sources.map(() => "?").join(", ")})` : "1 = 0"] : []),
    ];
    const args = [...(opts.before !== undefined ? [opts.before] : []), ...(opts.sources ?? [])];
    const rows = await this.db.all<EventRow>(`SELECT * FROM alert_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`, [...args, opts.limit + 1]);
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
