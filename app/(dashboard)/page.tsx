import type { Metadata } from "next";
import { Overview } from "@/components/overview";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Overview</h1>
      <Overview />
    </div>
  );
}
