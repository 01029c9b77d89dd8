import "server-only";
import crypto from "node:crypto";
import type { Message, MessageProperties } from "amqplib";
import type { DeathDto, PeekedMessageDto } from "@/lib/rabbitmq";
import { decodePayload } from "../payload";

const MAX_DEPTH = 8;

/**
 * AMQP field values as JSON: amqplib gives Buffers for byte arrays, {'!': 'timestamp'} and
 * {'!': 'decimal'} wrappers, and possibly bigints; none of them survive JSON.stringify as is.
 */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (depth > MAX_DEPTH) return "…";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: Buffer.from(value).toString("base64") };
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1));
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o["!"] === "timestamp") return timestampIso(o.value);
    if (o["!"] === "decimal") {
      const d = o.value as { places?: number; digits?: number } | undefined;
      return d && typeof d.digits === "number" ? String(d.digits / 10 ** (d.places ?? 0)) : null;
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, jsonSafe(v, depth + 1)]));
  }
  return String(value);
}

/** AMQP timestamps are seconds since the epoch. */
function timestampIso(v: unknown): string | null {
  const n = typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : NaN;
  return Number.isFinite(n) ? new Date(n * 1000).toISOString() : null;
}

const text = (v: unknown): string => (typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : "");

/** The x-death header, newest first as the broker keeps it. Malformed entries are skipped. */
export function parseDeaths(headers: Record<string, unknown> | undefined): DeathDto[] {
  const raw = headers?.["x-death"];
  if (!Array.isArray(raw)) return [];
  const out: DeathDto[] = [];
  for (const e of raw) {
    if (!e || typeof e !== "object") continue;
    const d = e as Record<string, unknown>;
    const time = d.time && typeof d.time === "object" ? timestampIso((d.time as { value?: unknown }).value) : typeof d.time === "number" ? timestampIso(d.time) : null;
    out.push({
      reason: text(d.reason),
      queue: text(d.queue),
      exchange: text(d.exchange),
      routingKeys: Array.isArray(d["routing-keys"]) ? d["routing-keys"].map(text) : [],
      count: typeof d.count === "number" ? d.count : typeof d.count === "bigint" ? Number(d.count) : 0,
      time,
    });
  }
  return out;
}

/**
 * A key that finds the same message again between a peek and an operation: its message id
 * when it has one, else a hash of body and properties (x-death excluded: it is the broker's).
 */
export function messageKey(msg: Pick<Message, "content" | "properties">): string {
  const p = msg.properties;
  if (typeof p.messageId === "string" && p.messageId) return `id:${p.messageId.slice(0, 190)}`;
  const headers = { ...(p.headers ?? {}) };
  delete headers["x-death"];
  const h = crypto.createHash("sha1");
  h.update(msg.content);
  h.update(JSON.stringify([p.correlationId, p.timestamp, p.type, jsonSafe(headers)]));
  return `sha1:${h.digest("hex")}`;
}

/** AMQP basic properties for display: undefined ones left out, timestamp as ISO time. */
export function displayProperties(p: MessageProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === "headers" || v === undefined || v === null) continue;
    out[k] = k === "timestamp" && typeof v === "number" ? new Date(v * 1000).toISOString() : jsonSafe(v);
  }
  return out;
}

export function toPeekedMessage(msg: Message, index: number): PeekedMessageDto {
  const payload = decodePayload(msg.content);
  return {
    index,
    key: messageKey(msg),
    payload,
    size: payload.size,
    truncated: payload.truncated,
    redelivered: msg.fields.redelivered,
    exchange: msg.fields.exchange,
    routingKey: msg.fields.routingKey,
    properties: displayProperties(msg.properties),
    headers: (jsonSafe(msg.properties.headers ?? {}) as Record<string, unknown>) ?? {},
    deaths: parseDeaths(msg.properties.headers),
  };
}
