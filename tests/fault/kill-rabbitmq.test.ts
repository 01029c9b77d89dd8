// Loss-free replay: QueueDeck is killed with SIGKILL in the middle of a replay of 20,000 dead
// letters. Afterwards every message exists in the DLQ or in its origin queue (none lost), copies
// of the same message id are at most the in-flight window; after the restart the operation shows
// as interrupted, and replaying again moves exactly what was left.
import { afterAll, beforeAll, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import { IN_FLIGHT_WINDOW } from "@/server/brokers/rabbitmq/messages";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { poll, TestVhost } from "../support/rabbitmq";
import { finishedAudit, integrityCheck, kill, startSignedIn, waitOperation, type Killable } from "./kill-support";

const COUNT = 20_000;
const vh = new TestVhost("-kill");
const config = { sources: [{ id: "rabbit", kind: "rabbitmq", name: "R", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() }] };
let k: Killable | undefined;

beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue("work.dlq", { durable: true });
  await ch.assertQueue("work", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "work.dlq" } });
  await ch.close();
  const bodies = Array.from({ length: COUNT }, (_, i) => JSON.stringify({ n: i }));
  await vh.deadLetter("work", bodies, { messageIds: true });
  await poll("20,000 dead letters", async () => ((await vh.depth("work.dlq")) === COUNT ? true : undefined), 60_000);
}, 180_000);

afterAll(async () => {
  if (k) await kill(k);
  await vh.delete();
});

it("loses nothing when QueueDeck is killed with SIGKILL mid-replay, shows it interrupted and resumes", { timeout: 180_000 }, async () => {
  k = await startSignedIn(config);
  const replayPath = `/api/v1/sources/rabbit/queues/${queueIdOf(vh.name, "work.dlq")}/replay`;
  const start = await k.api.post(replayPath, { mode: "origin-queue", ratePerSecond: 2000 });
  expect(start.status).toBe(200);
  expect(start.json.total).toBe(COUNT);
  const progressed = await waitOperation(k.api, start.json.operationId, "a few thousand moved", (op) => op.done >= 3000);
  expect(progressed.status).toBe("running");
  await kill(k);
  const dataDir = k.server.dataDir;
  k = undefined;

  // The broker requeues what the dead connection held unacked; wait until nothing is unacked.
  const { dlq, back } = await poll("counts settled", async () => {
    const [d, b] = [await vh.depth("work.dlq"), await vh.depth("work")];
    await new Promise((r) => setTimeout(r, 500));
    return d + b >= COUNT && d === (await vh.depth("work.dlq")) ? { dlq: d, back: b } : undefined;
  });
  expect(back).toBeGreaterThanOrEqual(3000);
  expect(dlq).toBeGreaterThan(0);
  expect(back + dlq - COUNT).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);
  expect(integrityCheck(dataDir)).toBe("ok");

  // Restarted on the same data: the replay is interrupted, with what stays true and its audit row.
  k = await startSignedIn(config, dataDir);
  const found = (await k.api.get(`/api/v1/operations/${start.json.operationId}`)).json;
  expect(found).toMatchObject({ status: "interrupted", kind: "replay", total: COUNT });
  // Saved at most once a second: behind what had moved, never ahead.
  expect(found.done).toBeGreaterThan(0);
  expect(found.done).toBeLessThanOrEqual(back);
  expect(found.error).toContain("QueueDeck stopped while this ran");
  expect(found.error).toContain("rerun to move what is left");
  const [audited] = await finishedAudit(k.api, "queue.replay");
  expect(audited).toMatchObject({ outcome: "failed", params: { operationId: start.json.operationId, status: "interrupted" }, counts: { total: COUNT } });

  // Replaying again moves exactly what the DLQ still holds.
  const rerun = await k.api.post(replayPath, { mode: "origin-queue" });
  expect(rerun.status).toBe(200);
  expect(rerun.json.total).toBe(dlq);
  expect(await waitOperation(k.api, rerun.json.operationId, "rerun done", (op) => op.status !== "running")).toMatchObject({ status: "done", done: dlq });
  await kill(k);
  k = undefined;

  const all = await vh.drain("work", back + dlq);
  expect(await vh.depth("work.dlq")).toBe(0);
  const ids = all.map((m) => m.messageId!);
  const unique = new Set(ids);
  // None lost: every id is in the origin queue.
  expect(unique.size).toBe(COUNT);
  for (let i = 0; i < COUNT; i += 997) expect(unique.has(`m-${i}`)).toBe(true);
  // Duplicates only within the in-flight window (confirmed but not yet acked at the kill).
  const duplicates = all.length - unique.size;
  expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);
  console.log(`kill -9 mid-replay: ${back} moved before the kill (last saved ${found.done}), ${dlq} by the rerun, ${duplicates} duplicates (window ${IN_FLIGHT_WINDOW}), 0 lost`);
});
