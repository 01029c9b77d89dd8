import "server-only";
import type { RabbitmqSourceConfig } from "@/lib/config-schema";
import { errorText, secretsOfUrl } from "@/server/redact";
import {
  healthOnlySample,
  NO_CAPABILITIES,
  type BrokerAdapter,
  type Health,
  type Sample,
} from "../adapter";
import { PROBE_TIMEOUT_MS, withTimeout } from "../timeout";
import { AmqpLink } from "./amqp";
import { createManagementClient, type ManagementClient } from "./management";
import { mapQueue, queueMetrics, queueStats, versionText } from "./map";

// Inner calls get a little less than the probe budget so their own, more precise
// error ("connect ETIMEDOUT", "GET ... timed out") wins over the outer guard's.
const INNER_TIMEOUT_MS = Math.floor(PROBE_TIMEOUT_MS * 0.9);
/** A whole queue listing (all pages) may take this long before we serve what we have. */
const LISTING_BUDGET_MS = 3 * PROBE_TIMEOUT_MS;

export interface RabbitmqAdapterOptions {
  /** Queues per management API page; small values exercise paging in tests. */
  pageSize?: number;
  maxPages?: number;
}

interface Probe {
  health: Health;
  /** Set when both AMQP and the management API answered: the listing can be read. */
  management?: ManagementClient;
}

export function createRabbitmqAdapter(
  config: RabbitmqSourceConfig,
  options: RabbitmqAdapterOptions = {},
): BrokerAdapter {
  const secrets = [...secretsOfUrl(config.amqpUrl), ...secretsOfUrl(config.managementUrl)];
  const text = (err: unknown) => errorText(err, secrets);
  const amqp = new AmqpLink(config.amqpUrl, {
    timeoutMs: INNER_TIMEOUT_MS,
    connectionName: `queuedeck:${config.id}`,
  });
  const management = createManagementClient(config.managementUrl, {
    timeoutMs: INNER_TIMEOUT_MS,
    pageSize: options.pageSize,
    maxPages: options.maxPages,
  });

  // AMQP decides up/down (it is what applications use); the management API only
  // adds detail, so losing it degrades the source instead of taking it down.
  async function probe(): Promise<Probe> {
    const [link, overview] = await Promise.allSettled([amqp.get(), management.overview()]);
    const version = overview.status === "fulfilled" ? versionText(overview.value) : undefined;
    if (link.status === "rejected") {
      return { health: { status: "down", error: text(link.reason), ...(version ? { version } : {}) } };
    }
    if (overview.status === "rejected") {
      const fallback = amqp.serverVersion();
      return {
        health: {
          status: "up",
          degraded: `management API unreachable: ${text(overview.reason)}`,
          ...(fallback ? { version: fallback } : {}),
        },
      };
    }
    return { health: { status: "up", version: version ?? amqp.serverVersion() }, management };
  }

  async function boundedProbe(): Promise<Probe> {
    try {
      return await withTimeout(probe(), PROBE_TIMEOUT_MS, "RabbitMQ health probe");
    } catch (err) {
      return { health: { status: "down", error: text(err) } };
    }
  }

  return {
    kind: "rabbitmq",
    capabilities: { ...NO_CAPABILITIES, queues: true },

    async connect() {
      await amqp.get();
    },

    async health() {
      return (await boundedProbe()).health;
    },

    async sample(): Promise<Sample> {
      const { health, management: api } = await boundedProbe();
      if (!api) return healthOnlySample(health);
      try {
        const listing = await withTimeout(
          api.listQueues(Date.now() + LISTING_BUDGET_MS),
          LISTING_BUDGET_MS + PROBE_TIMEOUT_MS,
          "RabbitMQ queue listing",
        );
        const queues = listing.items.map(mapQueue);
        const stats = queueStats(queues, listing.total);
        const degraded = listing.truncated
          ? `queue list truncated: ${queues.length} of ${listing.total} queues read this tick`
          : undefined;
        return {
          health: degraded ? { ...health, degraded } : health,
          lists: { queues },
          stats,
          metrics: queueMetrics(queues),
        };
      } catch (err) {
        return healthOnlySample({ ...health, degraded: `listing queues failed: ${text(err)}` });
      }
    },

    async close() {
      await amqp.close();
    },
  };
}
