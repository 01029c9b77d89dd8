import "server-only";
import { INBOX_VERB } from "@/lib/dead-letters";
import { errorSignature } from "@/lib/error-signature";
import type { Runtime } from "@/server/runtime";
import { checkRetry } from "@/server/brokers/celery/retry";
import type { TaskRetryInput } from "@/server/brokers/ops/tasks";
import { conflict } from "@/server/errors";
import { opsOf } from "@/server/http/source-route";
import { taskHistoryOf } from "@/server/http/task-routes";
import type { InboxActionHandler, InboxGroupRef } from "./types";

/** Failed tasks one run sends again at most: a rerun takes the next ones (sent ones are left out). */
export const MAX_CELERY_GROUP = 1000;

const NOTE =
  "Each failed task is sent once more as a new task (same name, args, kwargs and queue) linked to the failed one; tasks already sent again are left out, " +
  "so running this twice sends nothing twice. The tasks run again, so their side effects happen again.";

interface CeleryGroup {
  /** Failed tasks of the group not sent again yet (at most MAX_CELERY_GROUP). */
  matching: number;
  sendable: TaskRetryInput[];
  /** Why each of the others cannot be sent again (args not known exactly...), by reason. */
  refused: Map<string, number>;
  examined: number;
}

/** The group's failed tasks from the task history, each checked like the task page's Retry. */
async function readGroup(rt: Runtime, ref: InboxGroupRef): Promise<CeleryGroup> {
  const history = taskHistoryOf(rt, ref.sourceId);
  const rows = await history.failedNotRetried(ref.sourceId, ref.whereId, 20 * MAX_CELERY_GROUP);
  const mine = rows.filter((r) => errorSignature(r.exception) === ref.reason.signature).slice(0, MAX_CELERY_GROUP);
  const group: CeleryGroup = { matching: mine.length, sendable: [], refused: new Map(), examined: rows.length };
  for (const r of mine) {
    const task = await history.detail(ref.sourceId, r.taskId);
    const checked = task ? checkRetry(task) : { ok: false as const, reason: "it is no longer in the task history" };
    if (checked.ok) group.sendable.push(checked.input);
    else group.refused.set(checked.reason, (group.refused.get(checked.reason) ?? 0) + 1);
  }
  return group;
}

const refusedCount = (g: CeleryGroup) => [...g.refused.values()].reduce((a, b) => a + b, 0);

function refusedNote(g: CeleryGroup): string {
  const n = refusedCount(g);
  if (!n) return "";
  const why = [...g.refused.entries()].map(([reason, count]) => `${count}: ${reason}`).join("; ");
  return ` ${n} of them cannot be sent again and are left as they are (${why}).`;
}

/** Celery: send again the failed tasks of the task name whose exception has the signature. */
export const celeryInboxAction: InboxActionHandler = {
  verb: INBOX_VERB.celery,
  action: "task.retry-reason",
  operationKind: "retry reason",
  auditTarget: (ref) => ref.whereId,
  async plan(rt, ref) {
    const g = await readGroup(rt, ref);
    const queues = [...new Set(g.sendable.map((t) => t.queue))];
    return {
      target: queues.length ? queues.join(", ") : "(no task can be sent again)",
      matching: g.sendable.length,
      exact: g.matching < MAX_CELERY_GROUP,
      examined: g.examined,
      total: ref.item.count,
      refused: refusedCount(g),
      note: NOTE + refusedNote(g),
    };
  },
  async prepare(rt, ref) {
    const g = await readGroup(rt, ref);
    if (g.sendable.length === 0) throw conflict(`none of the ${g.matching} failed ${ref.whereId} tasks with this reason can be sent again:${refusedNote(g) || " none is left"}`);
    const ops = opsOf(rt, ref.sourceId, "taskRetry");
    const history = taskHistoryOf(rt, ref.sourceId);
    const skipped = refusedCount(g);
    return {
      total: g.sendable.length + skipped,
      note: NOTE + refusedNote(g),
      shownTarget: `${ref.whereId} "${ref.reason.signature}"`,
      ifInterrupted: "Tasks sent before the stop are linked to their failed originals and left out of a rerun: run it again to send the rest (at most the one being sent at the stop may go twice).",
      run: async (progress) => {
        let done = 0;
        let failed = 0;
        progress.update({ skipped });
        for (const input of g.sendable) {
          if (progress.signal.aborted) break;
          try {
            const sent = await ops.retry(input);
            // Linked at once, so a rerun leaves it out.
            await history.markRetriedFrom(ref.sourceId, sent.taskId, input.fromId);
            done++;
          } catch {
            failed++;
          }
          progress.update({ done, failed });
        }
        if (failed && !done) throw conflict(`no task could be sent (${failed} failed): is the broker reachable?`);
      },
    };
  },
  finalCounts: (view) => ({ total: view.total, sent: view.done, failed: view.failed, refused: view.skipped }),
};
