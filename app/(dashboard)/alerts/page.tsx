import type { Metadata } from "next";
import { currentUser } from "@/server/auth/current-user";
import { AlertsPage } from "@/components/alerts/alerts-page";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsRoute() {
  const me = await currentUser();
  return <AlertsPage isAdmin={me?.role === "admin"} />;
}
