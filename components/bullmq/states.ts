import type { JobStateName } from "@/lib/bullmq";

// How each job state is shown: label, short column title, and a colour for non-zero counts.
export const STATE_COLUMNS: { state: JobStateName; label: string; short: string; hint: string; tone: string }[] = [
  { state: "waiting", label: "Waiting", short: "Wait", hint: "waiting for a worker", tone: "text-sky-700 dark:text-sky-300" },
  { state: "prioritized", label: "Prioritized", short: "Prio", hint: "waiting, with a priority", tone: "text-sky-700 dark:text-sky-300" },
  { state: "active", label: "Active", short: "Active", hint: "being processed", tone: "text-indigo-700 dark:text-indigo-300" },
  { state: "delayed", label: "Delayed", short: "Delay", hint: "scheduled for later", tone: "text-amber-700 dark:text-amber-300" },
  { state: "waiting-children", label: "Waiting children", short: "Children", hint: "parents waiting for their children (flows)", tone: "text-slate-700 dark:text-slate-300" },
  { state: "completed", label: "Completed", short: "Done", hint: "finished", tone: "text-emerald-700 dark:text-emerald-300" },
  { state: "failed", label: "Failed", short: "Failed", hint: "failed all attempts", tone: "font-semibold text-red-700 dark:text-red-400" },
];

export const stateLabel = (s: string) => STATE_COLUMNS.find((c) => c.state === s)?.label ?? s;
