import type { DeathDto } from "@/lib/rabbitmq";

/** The x-death history of one message: newest first, as the broker keeps it. */
export function DeathTable({ deaths }: { deaths: DeathDto[] }) {
  if (!deaths.length) return <p className="text-xs text-slate-500">No x-death header: this message was never dead-lettered.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" aria-label="x-death history">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Reason</th>
            <th className="py-1 pr-3 font-medium">Queue</th>
            <th className="py-1 pr-3 font-medium">Exchange</th>
            <th className="py-1 pr-3 font-medium">Routing keys</th>
            <th className="py-1 pr-3 text-right font-medium">Count</th>
            <th className="py-1 font-medium">First time</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {deaths.map((d, i) => (
            <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1 pr-3">{d.reason}</td>
              <td className="py-1 pr-3">{d.queue}</td>
              <td className="py-1 pr-3">{d.exchange || <span className="text-slate-400">(default)</span>}</td>
              <td className="py-1 pr-3">{d.routingKeys.join(", ")}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{d.count}</td>
              <td className="py-1">{d.time ? new Date(d.time).toLocaleString() : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
