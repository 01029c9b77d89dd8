// Shared by the bullmq-*.test.ts files: real queues and workers under a prefix unique to the run,
// removed afterwards (Redis is shared: never FLUSHALL).
import { Queue, Worker, type Processor, type WorkerOptions } from "bullmq";
import IORedis from "ioredis";
import { redisUrl, runId } from "./brokers";
import { poll } from "./wait";
export { poll };

export class BullFixture {
  readonly prefix = runId();
  readonly connection: IORedis;
  private readonly queues: Queue[] = [];
  private readonly workers: Worker[] = [];
  private readonly clients: IORedis[] = [];

  constructor(readonly url = redisUrl()) {
    this.connection = new IORedis(url, { maxRetriesPerRequest: null });
    this.connection.on("error", () => undefined);
  }

  queue(name: string): Queue {
    const q = new Queue(name, { connection: this.connection, prefix: this.prefix });
    q.on("error", () => undefined);
    this.queues.push(q);
    return q;
  }

  worker(name: string, processor: Processor, opts: Partial<WorkerOptions> = {}): Worker {
    // Its own connection: a worker blocks on it.
    const connection = new IORedis(this.url, { maxRetriesPerRequest: null });
    connection.on("error", () => undefined);
    this.clients.push(connection);
    const w = new Worker(name, processor, {
      connection,
      prefix: this.prefix,
      ...opts,
    });
    w.on("error", () => undefined);
    this.workers.push(w);
    return w;
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close(true)));
    await Promise.allSettled(this.clients.map((c) => c.quit()));
    for (const q of this.queues) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close().catch(() => undefined);
    }
    let cursor = "0";
    do {
      const [next, keys] = await this.connection.scan(cursor, "MATCH", `${this.prefix}:*`, "COUNT", 10_000);
      cursor = next;
      if (keys.length) await this.connection.del(...keys);
    } while (cursor !== "0");
    await this.connection.quit().catch(() => undefined);
  }
}
