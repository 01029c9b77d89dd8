import { z } from "zod";
import { route } from "@/server/http/route";
import { notFound } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: z.object({ id: z.uuid() }) }, async ({ rt, params }) => {
  const op = rt.operations.get(params.id);
  if (!op) throw notFound(`operation ${params.id}`);
  return op;
});
