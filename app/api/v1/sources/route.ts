import { route } from "@/server/http/route";
import { listSources } from "@/server/sources";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async ({ rt }) => ({ items: listSources(rt) }));
