import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { getSampler, summarize } from "@/server/sources";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  summarize(getSampler(rt, params.source)),
);
