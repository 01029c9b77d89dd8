// How often the UI asks the server again. The server answers lists from the collector's snapshot,
// and shares the few live reads (a queue's workers, a page of jobs) among all tabs for a couple of
// seconds (server/shared-reads/coalesce.ts), so more tabs cost the brokers nothing; background tabs do not poll.
export const POLL = {
  sources: 5_000,
  lists: 5_000,
  operation: 1_000,
  audit: 15_000,
} as const;
