import type { Metadata } from "next";
import { AuditLog } from "@/components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <AuditLog />
    </div>
  );
}
