import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { readAttention } from "@/server/attention/attention";
import { sharedRead } from "@/server/shared-reads/shared-read";

export const dynamic = "force-dynamic";

/** GET /api/v1/attention: what needs attention first, ranked, and every consumer's time behind. Shared by every tab for a moment. */
export const GET = route({ role: "viewer" }, async ({ rt }) => sharedRead(rt, "*", ["attention"], () => readAttention(rt)));

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
