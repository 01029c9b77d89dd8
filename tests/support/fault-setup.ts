// What every broker-fault test shares: a bystander source on the shared brokers (which must stay
// up while a private broker goes away), and a QueueDeck server with an admin signed in and a
// watch on the sources' statuses.
import { Queue } from "bullmq";
import { BullFixture } from "./bullmq";
import { ApiClient, startServer, type RunningServer } from "./server";
import { SourceWatch } from "./source-watch";
import { poll } from "./wait";

export const BYSTANDER_ID = "bystander";
const ADMIN_PASSWORD = "fault-suite-admin-password";

export interface Bystander {
  source: Record<string, unknown>;
  cleanup(): Promise<void>;
}

/** A BullMQ source on the shared Redis under a prefix of this run's own, with one small queue. */
export async function bystander(): Promise<Bystander> {
  const fx = new BullFixture();
  const q: Queue = fx.queue("bystander");
  await q.addBulk([{ name: "idle", data: { n: 1 } }, { name: "idle", data: { n: 2 } }]);
  return {
    source: { id: BYSTANDER_ID, kind: "bullmq", name: "Shared Redis (bystander)", redisUrl: fx.url, prefix: fx.prefix },
    cleanup: () => fx.cleanup(),
  };
}

export interface FaultServer {
  server: RunningServer;
  api: ApiClient;
  watch: SourceWatch;
  /** Reads an operation until it is no longer running. */
  finished(operationId: string, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

export async function faultServer(sources: unknown[]): Promise<FaultServer> {
  const server = await startServer({ config: { sources }, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const api = new ApiClient(server.url);
  const signIn = await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${JSON.stringify(signIn.json)}`);
  const watch = new SourceWatch(api);
  watch.start();
  return {
    server,
    api,
    watch,
    finished: (id, timeoutMs = 60_000) =>
      poll(`operation ${id} to end`, async () => {
        const op = (await api.get(`/api/v1/operations/${id}`)).json;
        return op.status === "running" ? undefined : op;
      }, timeoutMs, 100),
    async stop() {
      await watch.stop();
      await server.stop();
    },
  };
}

/** Prints one line of measured figures; the suite's output is where the README's numbers come from. */
export function report(kind: string, figures: Record<string, unknown>): void {
  console.log(`[fault] ${kind}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(" ")}`);
}
