import "server-only";
import { INBOX_VERB } from "@/lib/dead-letters";
import { errorSignature } from "@/lib/error-signature";
import { auditTarget, jobOpsOf } from "@/server/http/job-routes";
import { bullReasonKey, forgetReasonRead } from "../reason-cache";
import type { InboxActionHandler, InboxGroupRef } from "./types";

/** Failed jobs a dry run reads at most to count a group (newest first). */
const COUNT_LIMIT = 10_000;

const NOTE =
  "Each job moves from failed to waiting in one atomic step (BullMQ's own retry): none is lost or retried twice, even if QueueDeck stops. Workers run the jobs again, so their side effects happen again.";

const matchOf = (ref: InboxGroupRef) => (failedReason: string | null) => errorSignature(failedReason) === ref.reason.signature;

/** BullMQ: retry the queue's failed jobs whose failedReason has the signature. */
export const bullmqInboxAction: InboxActionHandler = {
  verb: INBOX_VERB.bullmq,
  action: "queue.retry-reason",
  operationKind: "retry reason",
  auditTarget: (ref) => auditTarget(ref.whereId),
  async plan(rt, ref) {
    const c = await jobOpsOf(rt, ref.sourceId).countFailedMatching(ref.whereId, matchOf(ref), COUNT_LIMIT);
    return { target: `${ref.item.where} (waiting)`, matching: c.matching, exact: c.examined >= c.total, examined: c.examined, total: c.total, note: NOTE };
  },
  async prepare(rt, ref) {
    const ops = jobOpsOf(rt, ref.sourceId);
    return {
      // Every failed job is looked at; those of other reasons count as skipped.
      total: await ops.countJobs(ref.whereId, ["failed"]),
      note: NOTE,
      shownTarget: `${ref.item.where} failed "${ref.reason.signature}" → waiting`,
      ifInterrupted: "Jobs retried before the stop have left the failed list, the others are still in it: run the same retry again for the rest (none is retried twice).",
      run: async (progress) => {
        try {
          await ops.retryFailedMatching(ref.whereId, matchOf(ref), progress);
        } finally {
          // The inbox's cached page of failed jobs holds the retried ones: read it again.
          forgetReasonRead(bullReasonKey(ref.sourceId, ref.whereId));
        }
      },
    };
  },
  finalCounts: (view) => ({ total: view.total, retried: view.done, notRetried: view.failed, skipped: view.skipped }),
};
