import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { sourceVisibility } from "@/server/auth/access";
import { readAttention } from "@/server/attention/attention";
import { sharedRead } from "@/server/shared-reads/shared-read";

export const dynamic = "force-dynamic";

/** GET /api/v1/attention: what needs attention first, ranked, and every consumer's time behind. Shared by every tab for a moment. */
export const GET = route({ role: "viewer" }, async ({ rt, principal }) => {
  const all = await sharedRead(rt, "*", ["attention"], () => readAttention(rt));
  const sees = sourceVisibility(rt, principal);
  // One shared read for everyone, cut down to the caller's sources afterwards.
  return { ...all, items: all.items.filter((i) => sees(i.source)), behind: all.behind.filter((b) => sees(b.source)) };
});

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
