import type { DeathDto } from "@/lib/rabbitmq";
import { DataTable, type Column } from "../ui/data-table";

const COLUMNS: Column<DeathDto>[] = [
  { header: "Reason", className: "font-mono", cell: (d) => d.reason },
  { header: "Queue", className: "font-mono", cell: (d) => d.queue },
  { header: "Exchange", className: "font-mono", cell: (d) => d.exchange || <span className="text-slate-400">(default)</span> },
  { header: "Routing keys", className: "font-mono", cell: (d) => d.routingKeys.join(", ") },
  { header: "Count", align: "right", className: "font-mono", cell: (d) => d.count },
  { header: "First time", className: "whitespace-nowrap font-mono", cell: (d) => (d.time ? new Date(d.time).toLocaleString() : "–") },
];

/** The x-death history of one message: newest first, as the broker keeps it. */
export function DeathTable({ deaths }: { deaths: DeathDto[] }) {
  return (
    <DataTable
      label="x-death history"
      rows={deaths}
      columns={COLUMNS}
      rowKey={(d) => `${d.queue}\u0000${d.reason}\u0000${d.time ?? ""}\u0000${d.exchange}`}
      density="compact"
      framed={false}
      minWidth="36rem"
      empty={<p className="text-xs text-slate-500">No x-death header: this message was never dead-lettered.</p>}
    />
  );
}
