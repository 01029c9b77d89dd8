import { formatAgoOrIn } from "@/lib/format";

/** "3 min ago" (or "in 5 min" for a time ahead), with the exact local time on hover. */
export function RelativeTime({ iso, className }: { iso: string | null | undefined; className?: string }) {
  if (!iso) return <span className="text-slate-400">–</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className={className}>
      {formatAgoOrIn(iso)}
    </time>
  );
}
