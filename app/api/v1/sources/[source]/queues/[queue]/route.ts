import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { snapshotList, sourceWith } from "@/server/http/source-route";
import { sharedRead } from "@/server/shared-reads/shared-read";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";

export const dynamic = "force-dynamic";

/**
 * One queue: the adapter's live detail when it has one (one read per queue every couple of seconds,
 * however many tabs ask), else the snapshot's list item. When the live read fails but the snapshot
 * holds the queue, the snapshot answers; otherwise the error does.
 */
export const GET = route({ role: "viewer", params: queueParamsSchema }, async ({ rt, params }) => {
  const { sampler, adapter } = sourceWith(rt, params.source, "queues");
  const fromSnapshot = () => snapshotList<{ id: string }>(sampler, "queues").items.find((q) => q.id === params.queue);
  let item: unknown;
  try {
    const read = adapter.queueDetail?.bind(adapter);
    item = read ? await sharedRead(rt, params.source, ["queue", params.queue], () => read(params.queue)) : undefined;
  } catch (err) {
    item = fromSnapshot();
    if (!item) throw err;
  }
  item ??= fromSnapshot();
  if (!item) throw notFound(`queue "${params.queue}"`);
  return item;
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
