// The state machine of one alert, i.e. one (rule, source, entity). Pure: time comes in.
//
//   (none) --true--> pending --true for forSeconds--> firing        [notify "firing"]
//   pending --false--> (none)                                        [silent]
//   firing --false--> clearing --false for forSeconds--> (none)     [notify "resolved"]
//   clearing --true--> firing                                        [silent]
//
// Hysteresis: a firing alert resolves only once its condition has been false for the rule's
// forSeconds (one tick when forSeconds is 0), so a value that wobbles around the threshold
// does not send a firing/resolved pair each tick. No data (the source is down) holds the state.

export type Phase = "pending" | "firing" | "clearing";

export interface AlertState {
  phase: Phase;
  /** ms: when the condition became true (pending) or when the alert fired (firing, clearing). */
  since: number;
  /** ms: when the condition turned false while firing. */
  clearSince?: number;
  value: number;
}

export type Transition = "firing" | "resolved";

/**
 * The next state for this tick's observation. `holds` is undefined when there is no data.
 * Returns the new state (undefined = none) and the notification to send, if any.
 */
export function step(
  prev: AlertState | undefined,
  holds: boolean | undefined,
  value: number,
  now: number,
  forMs: number,
): { next: AlertState | undefined; notify?: Transition } {
  if (holds === undefined) return { next: prev };
  if (!prev) {
    if (!holds) return { next: undefined };
    return forMs <= 0 ? { next: { phase: "firing", since: now, value }, notify: "firing" } : { next: { phase: "pending", since: now, value } };
  }
  switch (prev.phase) {
    case "pending":
      if (!holds) return { next: undefined };
      return now - prev.since >= forMs ? { next: { phase: "firing", since: now, value }, notify: "firing" } : { next: { ...prev, value } };
    case "firing":
    case "clearing": {
      if (holds) return { next: { phase: "firing", since: prev.since, value } };
      const clearSince = prev.clearSince ?? now;
      if (now - clearSince >= forMs) return { next: undefined, notify: "resolved" };
      return { next: { phase: "clearing", since: prev.since, clearSince, value } };
    }
  }
}

export function holdsFor(op: ">" | "<", value: number, threshold: number): boolean {
  return op === ">" ? value > threshold : value < threshold;
}
