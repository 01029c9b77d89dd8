"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { DEATH_REASONS, REPLAY_IN_FLIGHT_WINDOW, type RabbitQueueDto } from "@/lib/rabbitmq";
import { formatNumber } from "@/lib/format";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { Field, fieldCls, optionalNumber } from "./form";
import { apiPaths } from "@/lib/urls";
import { TargetQueueSelect } from "./target-queue-select";

export interface Started {
  operationId: string;
  total: number;
  note: string;
}

type Kind = "replay" | "retry";

const DELAYS = [
  { ms: 10_000, label: "10 seconds" },
  { ms: 60_000, label: "1 minute" },
  { ms: 5 * 60_000, label: "5 minutes" },
  { ms: 30 * 60_000, label: "30 minutes" },
  { ms: 3600_000, label: "1 hour" },
];

/**
 * Replay (back where they died, or to a picked queue) and delayed retry (through a TTL queue
 * back to the origin) of a queue's dead letters: all, the picked ones, or those of a reason /
 * origin; optionally capped and rate-limited. The dialog names the queue and the count.
 */
export function MoveDialog({ kind, source, q, selected, open, onClose, onStarted }: { kind: Kind; source: string; q: RabbitQueueDto; selected: Set<string>; open: boolean; onClose: () => void; onStarted: (s: Started) => void }) {
  const [onlySelected, setOnlySelected] = useState(true);
  const [destination, setDestination] = useState<"origin" | "origin-queue" | "queue">("origin");
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const [origin, setOrigin] = useState("");
  const [limit, setLimit] = useState("");
  const [rate, setRate] = useState("");
  const [delayMs, setDelayMs] = useState(DELAYS[1]!.ms);
  const picked = selected.size > 0 && onlySelected;
  const cap = optionalNumber(limit);
  const count = picked ? selected.size : Math.min(q.ready ?? 0, cap ?? Number.POSITIVE_INFINITY);

  const start = useMutation({
    mutationFn: () => {
      const selection = {
        ...(picked ? { keys: [...selected] } : {}),
        ...(reason ? { reason } : {}),
        ...(origin ? { origin } : {}),
        ...(cap !== undefined ? { limit: cap } : {}),
        ...(optionalNumber(rate) !== undefined ? { ratePerSecond: optionalNumber(rate) } : {}),
      };
      const body =
        kind === "retry"
          ? { ...selection, delayMs }
          : { ...selection, ...(destination === "queue" ? { target } : { mode: destination }) };
      return api<Started>(apiPaths.queueVerb(source, q.id, kind === "retry" ? "delayed-retry" : "replay"), { method: "POST", body });
    },
    onSuccess: (s) => {
      onStarted(s);
      onClose();
    },
  });

  const where = kind === "retry" ? `into their origin queue after ${DELAYS.find((d) => d.ms === delayMs)?.label}` : destination === "queue" ? `to ${target || "…"}` : "back where they died";
  return (
    <ConfirmDialog
      open={open}
      title={`${kind === "retry" ? "Retry later" : "Replay"} ${formatNumber(count)} message${count === 1 ? "" : "s"} from ${q.name}`}
      confirmLabel={kind === "retry" ? "Start delayed retry" : "Start replay"}
      danger={false}
      busy={start.isPending}
      ready={!(kind === "replay" && destination === "queue" && !target) && count > 0}
      onConfirm={() => start.mutate()}
      onClose={onClose}
    >
      <div className="space-y-3">
        <p>
          Moves {picked ? `the ${selected.size} picked` : "the"} messages of <strong className="font-mono">{q.name}</strong> {where}.
          Each one is acknowledged only after RabbitMQ confirmed its copy: a crash may duplicate at most {REPLAY_IN_FLIGHT_WINDOW} in-flight messages, never lose one.
        </p>
        {selected.size > 0 && (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={onlySelected} onChange={(e) => setOnlySelected(e.target.checked)} /> Only the {selected.size} picked messages
          </label>
        )}
        {kind === "replay" ? (
          <Field label="Destination">
            <select className={fieldCls} value={destination} onChange={(e) => setDestination(e.target.value as typeof destination)}>
              <option value="origin">Where they died: original exchange and routing keys</option>
              <option value="origin-queue">Where they died: straight into the original queue</option>
              <option value="queue">A queue I pick</option>
            </select>
          </Field>
        ) : (
          <Field label="Delay" hint={`Through the queue "<origin>.qd-retry.${delayMs}" (message TTL), declared if needed.`}>
            <select className={fieldCls} value={delayMs} onChange={(e) => setDelayMs(Number(e.target.value))}>
              {DELAYS.map((d) => (
                <option key={d.ms} value={d.ms}>
                  {d.label}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === "replay" && destination === "queue" && (
          <TargetQueueSelect source={source} q={q} value={target} onChange={setTarget} />
        )}
        {!picked && (
          <div className="grid grid-cols-2 gap-3">
            <Field label="Reason">
              <select className={fieldCls} value={reason} onChange={(e) => setReason(e.target.value)}>
                <option value="">Any</option>
                {DEATH_REASONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </Field>
            <Field label="Died in">
              <select className={fieldCls} value={origin} onChange={(e) => setOrigin(e.target.value)}>
                <option value="">Any queue</option>
                {q.deadLetter.origins.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </Field>
            <Field label="At most (messages)">
              <input className={fieldCls} inputMode="numeric" placeholder="all" value={limit} onChange={(e) => setLimit(e.target.value)} />
            </Field>
            <Field label="Max rate (msg/s)">
              <input className={fieldCls} inputMode="numeric" placeholder="unlimited" value={rate} onChange={(e) => setRate(e.target.value)} />
            </Field>
          </div>
        )}
        {start.error && <ErrorState error={start.error} />}
      </div>
    </ConfirmDialog>
  );
}
