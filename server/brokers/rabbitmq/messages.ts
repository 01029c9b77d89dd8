import "server-only";
import { REPLAY_IN_FLIGHT_WINDOW, type DelayedRetryBody, type ReplayBody } from "@/lib/rabbitmq";
import { invalid, isDomainError, notFound } from "@/server/errors";
import type { MoveReport, PeekOps, PreparedMove, PublishOps, PurgeOps, ReplayOps } from "../ops/messages";
import type { ProgressSink } from "../ops/progress";
import { delayedRetryDecider, existenceCache, replayDecider, selector, type WithChannel } from "./deciders";
import { LeftReasons } from "./left-reasons";
import { amqpDomainError } from "./errors";
import type { ManagementClient } from "./management";
import { parseQueueId } from "./map";
import { peekMessages, publishMessage, purgeQueue } from "./message-ops";
import { runPipe, type Decision, type PipeCounts } from "./pipe";
import { runShovelMove } from "./shovel-move";
import type { VhostLinks } from "./vhost-links";
import type { Message } from "amqplib";

/** Prefetch and in-flight bound of replay and delayed retry: at most this many duplicates after a crash. */
export const IN_FLIGHT_WINDOW = REPLAY_IN_FLIGHT_WINDOW;

export interface MessageOpsDeps {
  links: VhostLinks;
  management: ManagementClient;
  /** The AMQP user, to keep user-id properties the broker accepts on republish. */
  user: string;
  secrets: readonly string[];
  /** classic / quorum / stream from the latest listing; undefined when not seen yet. */
  queueType(vhost: string, name: string): string | undefined;
}

const crashNote = (window: number) =>
  `Loss-free: each source message is acknowledged only after the broker confirmed its copy. A crash or kill of QueueDeck may duplicate at most ${window} in-flight messages, never lose one.`;

const pipeInterrupted = (window: number) =>
  `Messages moved before the stop have left this queue, and the ones it held unacknowledged went back to it: rerun to move what is left (none is moved twice, except at most ${window} in flight at the stop).`;

/** RabbitMQ does all four message capabilities with one set of connections. */
export type MessageOps = PeekOps & PurgeOps & PublishOps & ReplayOps;

export function createMessageOps(deps: MessageOpsDeps): MessageOps {
  const { links } = deps;
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw amqpDomainError(err, deps.secrets);
    }
  };
  const resolve = (id: string, what = "queue") => {
    const q = parseQueueId(id);
    if (!q) throw notFound(`${what} "${id}"`);
    return q;
  };
  /** Ready messages now; 404 when the queue does not exist. */
  const ready = (vhost: string, name: string) => guard(() => links.withChannel(vhost, async (ch) => (await ch.checkQueue(name)).messageCount));
  /** A move's destination must exist: the broker would otherwise drop what is published to it. */
  const requireTargetQueue = (vhost: string, name: string) =>
    ready(vhost, name).catch((err: unknown) => {
      throw isDomainError(err, "not_found") ? notFound(`target queue "${name}"`) : err;
    });

  async function preparePipe(
    queueId: string,
    body: { limit?: number; ratePerSecond?: number; keys?: readonly string[] },
    target: string,
    makeDecider: (vhost: string) => { decide: (m: Message) => Decision | Promise<Decision>; complete?: () => boolean; left?: LeftReasons },
  ): Promise<PreparedMove> {
    const { vhost, name } = resolve(queueId);
    if (deps.queueType(vhost, name) === "stream") throw invalid("streams keep their messages: nothing to move out of a stream");
    const count = await ready(vhost, name);
    const total = Math.min(count, body.limit ?? Number.POSITIVE_INFINITY);
    return {
      total,
      target,
      note: crashNote(IN_FLIGHT_WINDOW),
      ifInterrupted: pipeInterrupted(IN_FLIGHT_WINDOW),
      run: async (progress: ProgressSink): Promise<MoveReport> => {
        const update = (c: PipeCounts) => progress.update({ done: c.moved, failed: c.failed, skipped: c.skipped });
        const { decide, complete, left } = makeDecider(vhost);
        // Leased for the whole run: the pool never closes a connection a replay is using.
        const lease = await links.lease(vhost);
        const counts = await runPipe({
          connection: lease.connection,
          queue: name,
          total,
          window: IN_FLIGHT_WINDOW,
          ratePerSecond: body.ratePerSecond,
          connectionUser: deps.user,
          decide,
          complete,
          signal: progress.signal,
          onProgress: update,
        }).finally(lease.release);
        const report: MoveReport = { moved: counts.moved, failed: counts.failed, skipped: counts.skipped };
        return left ? { ...report, left: { reasons: left.reasons(), unseen: Math.max(0, total - counts.seen) } } : report;
      },
    };
  }

  const channelFor = (vhost: string): WithChannel => (fn) => links.withChannel(vhost, fn);

  return {
    inFlightWindow: IN_FLIGHT_WINDOW,

    async peek(queueId, limit) {
      const { vhost, name } = resolve(queueId);
      const type = deps.queueType(vhost, name) ?? (await deps.management.queue(vhost, name).catch(() => undefined))?.type ?? "classic";
      return guard(() => peekMessages(links, vhost, name, limit, type));
    },

    async purge(queueId) {
      const { vhost, name } = resolve(queueId);
      return { purged: await guard(() => purgeQueue(links, vhost, name)) };
    },

    async publish(exchangeId, body) {
      const { vhost, name } = resolve(exchangeId, "exchange");
      return guard(() => publishMessage(links, vhost, name, body));
    },

    async replay(queueId, body: ReplayBody) {
      if (body.target) {
        const { vhost, name } = resolve(queueId);
        if (body.target === name) throw invalid("target: must differ from the source queue");
        await requireTargetQueue(vhost, body.target);
      }
      const target = body.target ? `queue ${body.target}` : body.mode === "origin-queue" ? "original queues" : "original exchanges and routing keys";
      return preparePipe(queueId, body, target, (vhost) => {
        const sel = selector(body);
        // A replay reads the messages anyway: what it leaves behind tells the inbox their reasons.
        const left = new LeftReasons();
        return { decide: left.watch(replayDecider(body, existenceCache(channelFor(vhost), "exchange"), sel)), complete: sel.allFound, left };
      });
    },

    async delayedRetry(queueId, body: DelayedRetryBody) {
      return preparePipe(queueId, body, `retry queues (${body.delayMs} ms)`, (vhost) => {
        const sel = selector(body);
        const decide = delayedRetryDecider(body, channelFor(vhost), existenceCache(channelFor(vhost), "queue"), sel);
        return { decide, complete: sel.allFound };
      });
    },

    async moveAll(queueId, targetQueue) {
      const { vhost, name } = resolve(queueId);
      if (targetQueue === name) throw invalid("target: must differ from the source queue");
      const total = await ready(vhost, name);
      await requireTargetQueue(vhost, targetQueue);
      return {
        total,
        target: `queue ${targetQueue}`,
        note: "Broker-side move (dynamic shovel, ack-mode on-confirm): loss-free, and it keeps running inside RabbitMQ even if QueueDeck stops.",
        ifInterrupted: "The move is a shovel inside RabbitMQ and went on without QueueDeck: look at both queues' depths before moving again.",
        run: (progress) =>
          runShovelMove({ api: deps.management, vhost, source: name, target: targetQueue, total, readyCount: () => ready(vhost, name), progress }),
      };
    },
  };
}
