import { QUEUEDECK_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok", version: QUEUEDECK_VERSION });
}
