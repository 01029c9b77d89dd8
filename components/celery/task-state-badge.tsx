import type { CeleryState } from "@/lib/celery";
import { STATE_LOOK } from "./task-states";

export function TaskStateBadge({ state }: { state: CeleryState }) {
  const look = STATE_LOOK[state] ?? STATE_LOOK.PENDING;
  return (
    <span
      data-testid="task-state"
      data-state={state}
      title={look.hint}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-[11px] font-semibold tracking-wide ${look.badge}`}
    >
      <span className={`h-1.5 w-1.5 rounded-full ${look.dot}`} aria-hidden />
      {state}
    </span>
  );
}
