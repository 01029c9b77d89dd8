import "server-only";
import type { z } from "zod";
import { formatZodIssues } from "@/lib/zod-format";
import { getJson, UpstreamHttpError, httpTarget, requestJson, type HttpTarget } from "../http";
import {
  BINDING_COLUMNS,
  bindingsSchema,
  EXCHANGE_COLUMNS,
  exchangesPageSchema,
  overviewSchema,
  QUEUE_COLUMNS,
  queueItemSchema,
  queuesPageSchema,
  shovelStatusSchema,
  type BindingItem,
  type ExchangeItem,
  type Overview,
  type QueueItem,
} from "./schemas";

export interface Listing<T> {
  items: T[];
  /** Items the broker has (all pages), even when `items` was cut short. */
  total: number;
  /** True when pages exist that were not read this tick (page cap or deadline). */
  truncated: boolean;
}
export type QueueListing = Listing<QueueItem>;

/** What a dynamic shovel moving one queue into another looks like (see shovel-move.ts). */
export interface ShovelDefinition {
  vhost: string;
  name: string;
  srcQueue: string;
  destQueue: string;
}

export interface ManagementClient {
  overview(): Promise<Overview>;
  /** All queues, page by page; stops early (truncated) at maxPages or at `deadline` (epoch ms). */
  listQueues(deadline?: number): Promise<QueueListing>;
  listExchanges(deadline?: number): Promise<Listing<ExchangeItem>>;
  /** Every binding of every vhost except the implicit ones of the default exchange. */
  listBindings(): Promise<BindingItem[]>;
  /** One queue, or undefined when the broker has no such queue. */
  queue(vhost: string, name: string): Promise<QueueItem | undefined>;
  /** Whether the broker has this vhost (an AMQP refusal does not say which of "unknown" or "not allowed"). */
  vhostExists(vhost: string): Promise<boolean>;
  putShovel(def: ShovelDefinition): Promise<void>;
  deleteShovel(vhost: string, name: string): Promise<void>;
  /** The shovel's parameter still exists (src-delete-after removes it when done). */
  shovelExists(vhost: string, name: string): Promise<boolean>;
  /** "running", "starting", "terminated" (with reason), or undefined when not listed. */
  shovelState(vhost: string, name: string): Promise<{ state?: string; reason?: string } | undefined>;
}

export interface ManagementOptions {
  timeoutMs: number;
  pageSize?: number;
  /** Upper bound of pages per listing, so one tick stays bounded on huge brokers. */
  maxPages?: number;
}

function parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(data);
  if (!r.success) throw new Error(`unexpected answer from ${what}: ${formatZodIssues(r.error)}`);
  return r.data;
}

const v = encodeURIComponent;

/**
 * The management API over HTTP. Credentials come from the URL's user info and travel
 * only in the Authorization header; error texts name the URL without them.
 */
export function createManagementClient(managementUrl: string, opts: ManagementOptions): ManagementClient {
  const target: HttpTarget = httpTarget(managementUrl);
  const pageSize = opts.pageSize ?? 500;
  const maxPages = opts.maxPages ?? 40;

  /**
   * Reads pages one after another: the broker computes each page from a fresh snapshot, so
   * an item created mid-listing may shift others; acceptable for a view refreshed every few seconds.
   */
  async function listPaged<T>(
    resource: string,
    columns: readonly string[],
    schema: z.ZodType<{ items: T[]; page_count: number; total_count: number }>,
    deadline: number,
  ): Promise<Listing<T>> {
    const items: T[] = [];
    let total = 0;
    let pageCount = 1;
    let page = 1;
    const cols = encodeURIComponent(columns.join(","));
    for (; page <= pageCount && page <= maxPages; page++) {
      const remaining = deadline - Date.now();
      // Past the deadline, what was read so far is served rather than nothing.
      if (page > 1 && remaining <= 0) break;
      const path = `/api/${resource}?page=${page}&page_size=${pageSize}&columns=${cols}`;
      let data: unknown;
      try {
        data = await getJson(target, path, page === 1 ? opts.timeoutMs : Math.min(opts.timeoutMs, remaining));
      } catch (err) {
        // Items deleted between two page reads make a later page "out of range" (400).
        if (page > 1 && err instanceof UpstreamHttpError && err.status === 400) {
          pageCount = page - 1;
          break;
        }
        throw err;
      }
      const p = parse(schema, data, `/api/${resource}`);
      items.push(...p.items);
      total = p.total_count;
      pageCount = p.page_count;
    }
    return { items, total, truncated: page <= pageCount };
  }

  const shovelPath = (vhost: string, name: string) => `/api/parameters/shovel/${v(vhost)}/${v(name)}`;

  return {
    async overview() {
      // columns= keeps the answer small: the full overview carries listeners, contexts, totals.
      const data = await getJson(
        target,
        "/api/overview?columns=rabbitmq_version,erlang_version,management_version,product_name,product_version,cluster_name",
        opts.timeoutMs,
      );
      return parse(overviewSchema, data, "/api/overview");
    },

    listQueues: (deadline = Number.POSITIVE_INFINITY) => listPaged("queues", QUEUE_COLUMNS, queuesPageSchema, deadline),

    listExchanges: (deadline = Number.POSITIVE_INFINITY) =>
      listPaged("exchanges", EXCHANGE_COLUMNS, exchangesPageSchema, deadline),

    async listBindings() {
      const data = await getJson(target, `/api/bindings?columns=${BINDING_COLUMNS.join(",")}`, opts.timeoutMs);
      // The default exchange's bindings (one per queue) say nothing a reader does not know.
      return parse(bindingsSchema, data, "/api/bindings").filter((b) => b.source !== "");
    },

    async queue(vhost, name) {
      try {
        const data = await getJson(target, `/api/queues/${v(vhost)}/${v(name)}?columns=${QUEUE_COLUMNS.join(",")}`, opts.timeoutMs);
        return parse(queueItemSchema, data, "/api/queues/{vhost}/{name}");
      } catch (err) {
        if (err instanceof UpstreamHttpError && err.status === 404) return undefined;
        throw err;
      }
    },

    async vhostExists(vhost) {
      try {
        await getJson(target, `/api/vhosts/${v(vhost)}?columns=name`, opts.timeoutMs);
        return true;
      } catch (err) {
        if (err instanceof UpstreamHttpError && err.status === 404) return false;
        throw err;
      }
    },

    async putShovel(def) {
      // "amqp:///<vhost>" is a direct connection inside the broker, as the management UI's
      // "Move messages" does it: no credentials leave the broker.
      const uri = `amqp:///${v(def.vhost)}`;
      await requestJson(target, "PUT", shovelPath(def.vhost, def.name), opts.timeoutMs, {
        value: {
          "src-protocol": "amqp091",
          "src-uri": uri,
          "src-queue": def.srcQueue,
          "dest-protocol": "amqp091",
          "dest-uri": uri,
          "dest-queue": def.destQueue,
          "ack-mode": "on-confirm",
          "src-delete-after": "queue-length",
          "src-prefetch-count": 1000,
          "dest-add-forward-headers": false,
        },
      });
    },

    async deleteShovel(vhost, name) {
      try {
        await requestJson(target, "DELETE", shovelPath(vhost, name), opts.timeoutMs);
      } catch (err) {
        if (!(err instanceof UpstreamHttpError && err.status === 404)) throw err;
      }
    },

    async shovelExists(vhost, name) {
      try {
        await getJson(target, shovelPath(vhost, name), opts.timeoutMs);
        return true;
      } catch (err) {
        if (err instanceof UpstreamHttpError && err.status === 404) return false;
        throw err;
      }
    },

    async shovelState(vhost, name) {
      const list = parse(shovelStatusSchema, await getJson(target, `/api/shovels/${v(vhost)}`, opts.timeoutMs), "/api/shovels");
      const s = list.find((x) => x.name === name);
      if (!s) return undefined;
      const reason = s.reason === undefined ? undefined : typeof s.reason === "string" ? s.reason : JSON.stringify(s.reason);
      return { ...(s.state ? { state: s.state } : {}), ...(reason ? { reason } : {}) };
    },
  };
}
