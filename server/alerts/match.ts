// Rule scopes: a source id or "*", and an entity pattern where `*` stands for any run of
// characters ("orders.*", "*.dlq", "*"). Everything else is literal and case-sensitive, as
// broker names are.

export type NameMatcher = (names: readonly string[]) => boolean;

/** Compiled once per rule, run against every candidate of every tick: plain equality when it can. */
export function entityMatcher(pattern: string): NameMatcher {
  if (pattern === "*") return () => true;
  if (!pattern.includes("*")) return (names) => names.includes(pattern);
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "s");
  return (names) => names.some((n) => re.test(n));
}

export function sourceMatches(ruleSource: string, sourceId: string): boolean {
  return ruleSource === "*" || ruleSource === sourceId;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
