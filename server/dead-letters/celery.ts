import "server-only";
import { groupReasons } from "@/lib/error-signature";
import { pages } from "@/lib/urls";
import { isoOrNull, type InboxReader } from "./context";

const HOUR_MS = 60 * 60_000;

/** Failed tasks by task name, from the task history in the store (no broker call). */
export const celeryInbox: InboxReader = async (ctx) => {
  const { source } = ctx.sampler;
  const store = ctx.rt.celeryHistory;
  const { messages, recent } = await store.failureDetail(source.id, ctx.now - HOUR_MS);
  return (await store.failures(source.id)).map((f) => {
    const mine = messages.filter((m) => m.name === f.name);
    return {
      id: `${source.id}/${f.name}`,
      source: source.id,
      sourceName: source.name,
      kind: "celery" as const,
      where: f.name,
      origin: f.origin,
      count: f.count,
      oldestAt: isoOrNull(f.oldest),
      // Failures that happened in the last hour (the history keeps each one).
      growthPerHour: recent.get(f.name) ?? 0,
      reasons: groupReasons(mine),
      reasonsFrom: mine.reduce((n, m) => n + m.count, 0),
      reasonsNote: "from the exceptions in the task history",
      href: pages.celeryTasks(source.id, { state: "FAILURE", name: f.name }),
    };
  });
};
