import "server-only";
import type { FiringAlertDto } from "@/lib/alerts";
import type { Runtime } from "@/server/runtime";

/** Alerts firing now, longest firing first: for the overview's ranking. */
export function firingAlerts(rt: Runtime): FiringAlertDto[] {
  return rt.alerts.firing();
}
