// npm run bench:load — the load test's figures for the README: 50 clients for 60 s on the pages'
// API reads of a built QueueDeck (QUEUEDECK_DIST_DIR=.next npx next build first) while it samples
// 10,000 RabbitMQ queues. LOAD_RATE is each client's requests per second (default 2, as in the
// test; 0 = as fast as answered, the saturation figures). LOAD_CONNECTIONS / LOAD_SECONDS change
// the load; LOAD_PER_PATH_SECONDS (default 10, 0 = none) then runs each read alone, saturated.
import { describeFigures, runLoad, type LoadOptions } from "../../tests/fault/load-run";

const opts: LoadOptions = {
  connections: Number(process.env.LOAD_CONNECTIONS ?? 50),
  ...(Number(process.env.LOAD_RATE ?? 2) > 0 ? { ratePerClient: Number(process.env.LOAD_RATE ?? 2) } : {}),
  durationSec: Number(process.env.LOAD_SECONDS ?? 60),
  warmupSec: 60,
  perPathSec: Number(process.env.LOAD_PER_PATH_SECONDS ?? 10),
  log: (l) => console.log(l),
};

runLoad(opts)
  .then((f) => {
    console.log(describeFigures(f, opts));
    process.exit(0);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
