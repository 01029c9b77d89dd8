// A bounded load test: 50 clients for 60 s on the pages' API reads while the collector samples
// 10,000 RabbitMQ queues. No error, p95 under 100 ms, server RSS growth under 50 MB. Each client
// polls like a browser tab, only faster: 2 requests a second, where a page asks for each of its
// reads every 2 to 5 s. (npm run bench:load also runs them as fast as answered: that shows the
// most the server takes, where latency is only the queue in front of one Node.js process.)
import { expect, it } from "vitest";
import { describeFigures, runLoad, type LoadOptions } from "./load-run";

// A minute of warm-up first, so the measured minute is the steady state (compiled code, caches,
// series ids) rather than the start; memory is read after forced collections (load-run.ts).
const opts: LoadOptions = { connections: 50, ratePerClient: 2, durationSec: 60, warmupSec: 60, log: (l) => console.log(l) };

it("serves 50 clients for 60 s with no error, p95 under 100 ms and RSS growth under 50 MB", { timeout: 600_000 }, async () => {
  const f = await runLoad(opts);
  console.log(describeFigures(f, opts));
  expect(f.queuesSeen).toBe(10_000);
  // 50 clients x 2/s x 60 s, less what a slow answer delays.
  expect(f.requests).toBeGreaterThan(5000);
  expect(f.non2xx).toBe(0);
  expect(f.errors).toBe(0);
  expect(f.timeouts).toBe(0);
  expect(f.p95).toBeLessThan(100);
  expect(f.rssGrowthMb).toBeLessThan(50);
});
