"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { INBOX_LETTERS, INBOX_VERB, type InboxActionPlanDto, type InboxActionStartedDto, type InboxItemDto } from "@/lib/dead-letters";
import type { ReasonGroup } from "@/lib/error-signature";
import { formatNumber, KIND_LABEL, plural } from "@/lib/format";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { OperationProgress } from "../operation-progress";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** How many would move: exact, or as the sample read for the reasons says. */
function MatchingText({ plan }: { plan: InboxActionPlanDto }) {
  if (plan.exact) return <b data-testid="reason-action-count">{formatNumber(plan.matching)}</b>;
  return (
    <>
      <b data-testid="reason-action-count">{formatNumber(plan.matching)}</b> of the {formatNumber(plan.examined)} read (of {formatNumber(plan.total)} there; the operation looks at every one and
      moves those with this reason)
    </>
  );
}

function PlanText({ item, plan, started }: { item: InboxItemDto; plan: InboxActionPlanDto; started: boolean }) {
  return (
    <div className="space-y-2">
      <p>
        {capital(plan.verb)} <MatchingText plan={plan} /> {INBOX_LETTERS[item.kind]} of <b className="font-mono">{item.where}</b> on{" "}
        <b>{item.sourceName}</b> ({KIND_LABEL[item.kind]}) whose reason is
      </p>
      <p className="break-words rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800" data-testid="reason-action-signature">
        {plan.signature}
      </p>
      <p>
        to <b className="font-mono">{plan.target}</b>.
        {plan.refused ? <span className="text-amber-700 dark:text-amber-400"> {plural(plan.refused, "task")} of this group cannot be sent again and stay as they are.</span> : null}
      </p>
      {/* Once started, the operation's own note says it. */}
      {!started && (
        <p className="rounded-md bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="reason-action-duplicates">
          {plan.note}
        </p>
      )}
    </div>
  );
}

/**
 * Replay or retry one reason group of an inbox row, confirmed with the count, then its progress.
 * The page keeps it open while the inbox refreshes: the group it acts on leaves the row.
 */
export function ReasonActionDialog({ item, reason, onClose }: { item: InboxItemDto; reason: ReasonGroup; onClose: () => void }) {
  const qc = useQueryClient();
  const body = { source: item.source, id: item.id, signature: reason.signature };
  const plan = useQuery({
    queryKey: queryKeys.inboxPlan(body),
    queryFn: ({ signal }) => api<InboxActionPlanDto>(apiPaths.inboxActions(), { method: "POST", body: { ...body, dryRun: true }, signal }),
    staleTime: 0,
    gcTime: 0,
  });
  const start = useMutation({ mutationFn: () => api<InboxActionStartedDto>(apiPaths.inboxActions(), { method: "POST", body }) });
  const verb = capital(INBOX_VERB[item.kind]);
  return (
    <ConfirmDialog
      open
      title={`${verb} a reason group of ${item.where}`}
      confirmLabel={start.data ? "Started" : plan.data ? `${verb} ${formatNumber(plan.data.matching)}` : verb}
      danger={false}
      busy={start.isPending}
      ready={!start.data && !!plan.data && plan.data.matching > 0}
      onConfirm={() => start.mutate()}
      onClose={onClose}
    >
      <div className="space-y-3" data-testid="reason-action-dialog">
        {plan.isPending && <p className="text-slate-500">Counting the letters with this reason…</p>}
        {plan.error && <ErrorState error={plan.error} />}
        {plan.data && <PlanText item={item} plan={plan.data} started={!!start.data} />}
        {start.error && <ErrorState error={start.error} />}
        {start.data && (
          <OperationProgress id={start.data.operationId} onFinished={() => void qc.invalidateQueries({ queryKey: queryKeys.inboxAll() })} />
        )}
      </div>
    </ConfirmDialog>
  );
}

/** "Retry 12" / "Replay 12" beside a reason group; the dialog (kept by the page) says exactly what moves. */
export function ReasonActionButton({ item, reason, onAct }: { item: InboxItemDto; reason: ReasonGroup; onAct: () => void }) {
  const verb = capital(INBOX_VERB[item.kind]);
  return (
    <Button variant="ghost" className="!px-1.5 !py-0 text-xs" onClick={onAct} data-testid="reason-action" title={`${verb} the letters with this reason`}>
      {verb} {formatNumber(reason.count)}
    </Button>
  );
}
