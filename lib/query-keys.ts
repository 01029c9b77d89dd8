// Every TanStack Query key comes from here, scoped by source first.
export const queryKeys = {
  me: () => ["me"] as const,
  sources: () => ["sources"] as const,
  source: (id: string) => ["sources", id] as const,
  audit: (filter: { source?: string } = {}) => ["audit", filter] as const,
  users: () => ["users"] as const,
  tokens: () => ["tokens"] as const,
  operation: (id: string) => ["operations", id] as const,
};
