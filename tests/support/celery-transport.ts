// The real Celery transport for tests that drive celeryWorkerOps without a QueueDeck server.
import { createTransport } from "@/server/brokers/celery/transports";
import type { WorkerOpsTransport } from "@/server/brokers/celery/worker-ops";

export interface TestTransport extends WorkerOpsTransport {
  close(): void;
}

export function redisWorkerOpsTransport(brokerUrl: string): TestTransport {
  const t = createTransport(brokerUrl);
  void t.connect();
  return {
    broadcast: (calls, opts) => t.broadcast(calls, opts),
    purgeQueue: (name) => t.purgeQueue(name),
    sendTask: (task) => t.sendTask(task),
    describe: (err) => t.describe(err),
    close: () => void t.close(),
  };
}
