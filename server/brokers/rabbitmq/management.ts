import "server-only";
import type { z } from "zod";
import { formatZodIssues } from "@/lib/zod-format";
import { getJson, HttpError, httpTarget, type HttpTarget } from "../http";
import {
  overviewSchema,
  QUEUE_COLUMNS,
  queuesPageSchema,
  type Overview,
  type QueueItem,
} from "./schemas";

export interface QueueListing {
  items: QueueItem[];
  /** Queues the broker has (all pages), even when `items` was cut short. */
  total: number;
  /** True when pages exist that were not read this tick (page cap or deadline). */
  truncated: boolean;
}

export interface ManagementClient {
  overview(): Promise<Overview>;
  /** All queues, page by page; stops early (truncated) at maxPages or at `deadline` (epoch ms). */
  listQueues(deadline?: number): Promise<QueueListing>;
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

/**
 * The management API over HTTP. Credentials come from the URL's user info and travel
 * only in the Authorization header; error texts name the URL without them.
 */
export function createManagementClient(managementUrl: string, opts: ManagementOptions): ManagementClient {
  const target: HttpTarget = httpTarget(managementUrl);
  const pageSize = opts.pageSize ?? 500;
  const maxPages = opts.maxPages ?? 40;
  const columns = QUEUE_COLUMNS.join(",");

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

    async listQueues(deadline = Number.POSITIVE_INFINITY) {
      const items: QueueItem[] = [];
      let total = 0;
      let pageCount = 1;
      // Pages are read one after another: the broker computes each page from a fresh
      // snapshot, so a queue created mid-listing may shift items; that is acceptable
      // for a dashboard refreshed every few seconds.
      let page = 1;
      for (; page <= pageCount && page <= maxPages; page++) {
        const remaining = deadline - Date.now();
        // Past the deadline, what was read so far is served rather than nothing.
        if (page > 1 && remaining <= 0) break;
        const path = `/api/queues?page=${page}&page_size=${pageSize}&columns=${encodeURIComponent(columns)}`;
        let data: unknown;
        try {
          data = await getJson(target, path, page === 1 ? opts.timeoutMs : Math.min(opts.timeoutMs, remaining));
        } catch (err) {
          // Queues deleted between two page reads make a later page "out of range" (400).
          if (page > 1 && err instanceof HttpError && err.status === 400) {
            pageCount = page - 1;
            break;
          }
          throw err;
        }
        const p = parse(queuesPageSchema, data, "/api/queues");
        items.push(...p.items);
        total = p.total_count;
        pageCount = p.page_count;
      }
      return { items, total, truncated: page <= pageCount };
    },
  };
}
