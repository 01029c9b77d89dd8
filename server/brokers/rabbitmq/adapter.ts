import "server-only";
import type { RabbitmqSourceConfig } from "@/lib/config-schema";
import { errorText, secretsOfUrl } from "@/server/redact";
import { healthOnlySample, type BrokerAdapter, type Health, type Sample } from "../adapter";
import { INNER_TIMEOUT_MS, PROBE_TIMEOUT_MS, withTimeout } from "../timeout";
import { AmqpLink } from "./amqp";
import { createManagementClient, type ManagementClient } from "./management";
import { mapQueue, parseQueueId, queueMetrics, queueStats, versionText, type RabbitQueue } from "./map";
import { createMessageOps, type MessageOps } from "./messages";
import { readTopology } from "./sampling";
import { VhostLinks } from "./vhost-links";
import { amqpDomainError, isVhostRefusal, vhostRefusedError } from "./errors";
import { isDomainError } from "@/server/errors";

/** A whole queue listing (all pages) may take this long before we serve what we have. */
const LISTING_BUDGET_MS = 3 * PROBE_TIMEOUT_MS;

export interface RabbitmqAdapterOptions {
  /** Queues per management API page; small values exercise paging in tests. */
  pageSize?: number;
  maxPages?: number;
  /** Bound and idle time of the per-vhost connections; small values let tests see eviction. */
  vhostLinks?: { max?: number; idleMs?: number };
}

/** RabbitMQ's operations are all message-level; typed so tests and benches reach them without checks. */
export type RabbitmqAdapter = BrokerAdapter<{ peek: MessageOps; purge: MessageOps; publish: MessageOps; replay: MessageOps }> & {
  /** Per-vhost connections held now: bounded, for tests and diagnostics. */
  vhostLinkCount(): number;
};

interface Probe {
  health: Health;
  /** Set when both AMQP and the management API answered: the listing can be read. */
  management?: ManagementClient;
}

export function createRabbitmqAdapter(
  config: RabbitmqSourceConfig,
  options: RabbitmqAdapterOptions = {},
): RabbitmqAdapter {
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
  // Message operations need a connection in the queue's own vhost.
  const links = new VhostLinks(config.amqpUrl, {
    timeoutMs: INNER_TIMEOUT_MS,
    connectionName: `queuedeck:${config.id}`,
    ...options.vhostLinks,
    // An unknown vhost is a 404; asking the management API is what tells it from a refused user.
    openError: async (vhost, err) => {
      if (!isVhostRefusal(err)) return err;
      const exists = await management.vhostExists(vhost).catch(() => undefined);
      return vhostRefusedError(config.id, vhost, exists);
    },
  });
  /** The latest listing by id: queue types and dead-letter routes for message operations and details. */
  let latest = new Map<string, RabbitQueue>();
  const latestOf = (vhost: string, name: string) => latest.get(mapQueue({ vhost, name }).id);

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

  const messages = createMessageOps({
    links,
    management,
    user: amqpUser(config.amqpUrl),
    secrets,
    queueType: (vhost, name) => latestOf(vhost, name)?.type,
  });

  return {
    kind: "rabbitmq",
    views: ["queues", "deadLetters"],
    ops: { peek: messages, purge: messages, publish: messages, replay: messages },

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
        const topo = await withTimeout(
          readTopology(api, Date.now() + LISTING_BUDGET_MS, text),
          LISTING_BUDGET_MS + PROBE_TIMEOUT_MS,
          "RabbitMQ queue listing",
        );
        latest = new Map(topo.queues.map((q) => [q.id, q]));
        return {
          health: topo.degraded ? { ...health, degraded: topo.degraded } : health,
          lists: { queues: topo.queues, exchanges: topo.exchanges },
          stats: queueStats(topo.queues, topo.total),
          metrics: queueMetrics(topo.queues),
        };
      } catch (err) {
        return healthOnlySample({ ...health, degraded: `listing queues failed: ${text(err)}` });
      }
    },

    /** Live numbers from the management API; over AMQP (depth, consumers) when that is down. */
    async queueDetail(id: string) {
      const ref = parseQueueId(id);
      if (!ref) return undefined;
      const known = latestOf(ref.vhost, ref.name);
      try {
        const item = await management.queue(ref.vhost, ref.name);
        return item && mapQueue(item, known?.deadLetter);
      } catch {
        try {
          const q = await links.withChannel(ref.vhost, (ch) => ch.checkQueue(ref.name));
          const base = known ?? mapQueue({ vhost: ref.vhost, name: ref.name });
          return { ...base, ready: q.messageCount, consumers: q.consumerCount };
        } catch (err) {
          const mapped = amqpDomainError(err, secrets);
          if (isDomainError(mapped, "not_found")) return undefined;
          throw mapped;
        }
      }
    },

    vhostLinkCount: () => links.size,

    async close() {
      await Promise.all([amqp.close(), links.close()]);
    },
  };
}

function amqpUser(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || "guest";
  } catch {
    return "guest";
  }
}
