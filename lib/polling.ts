// How often the UI asks the server again. The server answers from the collector's snapshot,
// so these cost the brokers nothing; background tabs do not poll at all.
export const POLL = {
  sources: 5_000,
  lists: 5_000,
  operation: 1_000,
  audit: 15_000,
} as const;
