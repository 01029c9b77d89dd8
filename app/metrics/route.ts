import { getRuntime } from "@/server/runtime";
import { jsonError, methodNotAllowed } from "@/server/http/errors";
import { metricsAccess } from "@/server/metrics/access";
import { exposition } from "@/server/metrics/exposition";

export const dynamic = "force-dynamic";

/** Prometheus text format, from the collector's snapshots: a scrape never calls a broker. */
export async function GET(req: Request): Promise<Response> {
  const access = metricsAccess(process.env, req.headers.get("authorization"));
  if (!access.ok) {
    const headers: Record<string, string> = { "cache-control": "no-store", ...(access.status === 401 ? { "www-authenticate": 'Bearer realm="metrics"' } : {}) };
    return jsonError(access.status, access.code, access.message, headers);
  }
  const rt = await getRuntime();
  const { body, contentType } = await exposition(rt.collector.samplers.values());
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
