import type { PurgeBody, TopicPartitionDto } from "@/lib/kafka";

// The per-partition purge form's logic: what each typed offset deletes, what is wrong with it,
// and the body it sends. The server checks again (zod, and the partition's end at that moment).

export interface PartitionPurge {
  partition: number;
  earliest: number;
  latest: number;
  /** Records below this offset go; what the person typed. */
  input: string;
  /** Records this deletes (0 when the offset is at or below the earliest); null when the input is invalid. */
  deletes: number | null;
  /** Why the input cannot be sent; null when it can. */
  error: string | null;
}

/** Each partition with the typed offset (`typed[partition]`, else its earliest: nothing deleted). */
export function purgePlan(partitions: readonly TopicPartitionDto[], typed: Readonly<Record<number, string>>): PartitionPurge[] {
  return [...partitions]
    .sort((a, b) => a.partition - b.partition)
    .map(({ partition, earliest, latest }) => {
      const input = typed[partition] ?? String(earliest);
      const n = Number(input);
      let error: string | null = null;
      if (input.trim() === "" || !Number.isSafeInteger(n) || n < 0) error = "a whole offset, 0 or more";
      else if (n > latest) error = `partition ${partition} ends at offset ${latest}`;
      return { partition, earliest, latest, input, deletes: error ? null : Math.max(0, n - earliest), error };
    });
}

/** Records the plan deletes in all (invalid rows count 0). */
export const purgeTotal = (plan: readonly PartitionPurge[]): number => plan.reduce((n, p) => n + (p.deletes ?? 0), 0);

/** The request for the partitions that delete something; null while any input is invalid or nothing would go. */
export function purgeBodyOf(plan: readonly PartitionPurge[]): PurgeBody | null {
  if (plan.some((p) => p.error)) return null;
  const partitions = plan.filter((p) => p.deletes! > 0).map((p) => ({ partition: p.partition, offset: Number(p.input) }));
  return partitions.length ? { partitions } : null;
}
