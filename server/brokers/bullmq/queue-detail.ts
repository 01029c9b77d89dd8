import "server-only";
import type { BullQueueDetailDto, WorkerDto } from "@/lib/bullmq";
import { isDomainError } from "@/server/errors";
import { READ_TIMEOUT_MS, type BullContext } from "./context";
import { mapQueue, workerClientName } from "./map";
import { readQueue } from "./queues";

/**
 * One queue read live (counts, paused, limits) with its workers from CLIENT LIST: name
 * (BullMQ's `<prefix>:<base64 queue>:w:<name>` connection name, "(unnamed)" without one),
 * address, age and idle seconds. Undefined when the queue does not exist.
 */
export async function readQueueDetail(ctx: BullContext, queueId: string): Promise<BullQueueDetailDto | undefined> {
  try {
    return await readLive(ctx, queueId);
  } catch (err) {
    // Unknown queue, or Redis away: the shared route then serves the snapshot's list item (or 404).
    if (isDomainError(err, "not_found", "unavailable")) return undefined;
    throw err;
  }
}

async function readLive(ctx: BullContext, queueId: string): Promise<BullQueueDetailDto> {
  const { name, queue, redis } = await ctx.resolve(queueId);
  return ctx.guard(async () => {
    const [reading, clients] = await Promise.all([
      readQueue(queue, redis),
      queue.getWorkers().then(
        (list) => list,
        () => null,
      ),
    ]);
    const base = workerClientName(ctx.prefix, name);
    const workerList: WorkerDto[] | null =
      clients === null
        ? null
        : clients.map((c) => {
            const raw = c.rawname ?? "";
            return {
              name: raw.startsWith(`${base}:w:`) ? raw.slice(base.length + 3) : "(unnamed)",
              addr: c.addr ?? "",
              ageSec: Number(c.age) || 0,
              idleSec: Number(c.idle) || 0,
            };
          });
    return { ...mapQueue({ ...reading, workers: workerList?.length ?? null }), workerList };
  }, READ_TIMEOUT_MS);
}
