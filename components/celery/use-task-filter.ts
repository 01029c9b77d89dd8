"use client";

import { useUrlState } from "../use-url-state";
import { parseStates, SINCE_VALUES, type Since, type TaskFilter } from "./task-filter";

/** The task list's filters, each in its own query-string key, so a copied link opens the same search. */
export function useTaskFilter(): [TaskFilter, (next: TaskFilter) => void] {
  const [state, setState] = useUrlState("state", "");
  const [name, setName] = useUrlState("name", "");
  const [worker, setWorker] = useUrlState("worker", "");
  const [q, setQ] = useUrlState("q", "");
  const [since, setSince] = useUrlState<Since>("since", "", SINCE_VALUES);
  const [from, setFrom] = useUrlState("from", "");
  const [to, setTo] = useUrlState("to", "");
  const filter: TaskFilter = { states: parseStates(state), name, worker, q, since, from: since === "custom" ? from : "", to: since === "custom" ? to : "" };
  const set = (f: TaskFilter) => {
    setState(f.states.join(","));
    setName(f.name.trim());
    setWorker(f.worker.trim());
    setQ(f.q.trim());
    setSince(f.since);
    setFrom(f.since === "custom" ? f.from : "");
    setTo(f.since === "custom" ? f.to : "");
  };
  return [filter, set];
}
