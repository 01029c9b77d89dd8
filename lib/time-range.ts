// The time ranges every chart offers (the picker, the series routes that take `range=`).

export const TIME_RANGES = [
  { id: "15m", label: "15 min", ms: 15 * 60_000 },
  { id: "1h", label: "1 h", ms: 60 * 60_000 },
  { id: "6h", label: "6 h", ms: 6 * 60 * 60_000 },
  { id: "24h", label: "24 h", ms: 24 * 60 * 60_000 },
  { id: "7d", label: "7 d", ms: 7 * 24 * 60 * 60_000 },
] as const;

export type TimeRangeId = (typeof TIME_RANGES)[number]["id"];

export function rangeMs(id: TimeRangeId): number {
  return TIME_RANGES.find((r) => r.id === id)!.ms;
}

export const TIME_RANGE_IDS = ["15m", "1h", "6h", "24h", "7d"] as const satisfies readonly TimeRangeId[];
