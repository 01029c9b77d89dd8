// The bounded load of the pages' API reads (tests/fault/load.test.ts and `npm run bench:load`):
// 10,000 RabbitMQ queues in a vhost of the run's own, a built QueueDeck sampling them, and
// clients polling the sources list, the queue list, a queue's detail and its chart: paced like
// browser tabs (the test), or autocannon as fast as answered (the bench's saturation figures).
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import autocannon from "autocannon";
import http from "node:http";
import { GZIP_BODY, GZIP_BODY_HEADER } from "@/lib/gzip-body";
import { queueIdOf } from "@/lib/rabbitmq";
import { rabbitManagementUrl } from "../support/brokers";
import { mgmtApi, poll, TestVhost } from "../support/rabbitmq";
import { startServer, type RunningServer } from "../support/server";

const execFileP = promisify(execFile);

export const LOAD_QUEUES = 10_000;
/**
 * What a page's read sends (Chromium's Accept-Encoding, lib/api-client.ts's gzip-body header):
 * the answers are what a tab gets. Bytes are read, not unzipped (the browser does that).
 */
const PAGE_HEADERS = { "accept-encoding": "gzip, deflate, br, zstd", [GZIP_BODY_HEADER]: GZIP_BODY };
const ADMIN_PASSWORD = "load-test-admin-pw";
const LOAD_PASSWORD = "load-test-rabbit-pw";
const withUser = (url: string, user: string) => {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = LOAD_PASSWORD;
  return u.toString().replace(/\/$/, "");
};
const queueName = (i: number) => `load.q.${String(i).padStart(5, "0")}`;

export interface LoadFigures {
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** RSS after a forced full collection once the run ended, minus the same before it began (rssAfterForcedGc). */
  rssGrowthMb: number;
  /** Failed requests by error code. */
  errorCodes: Record<string, number>;
  queuesSeen: number;
  /** Each read alone for a few seconds (bench only): where the time goes. */
  perPath?: { path: string; reqPerSec: number; p50: number; p95: number; kb: number }[];
}

export interface LoadOptions {
  connections: number;
  /**
   * Requests per second each client sends, at a steady pace from a random start like browser
   * tabs opened at different moments; undefined = autocannon, as fast as answers come
   * (saturation: latency is then only the queue in front of one Node.js process).
   */
  ratePerClient?: number;
  durationSec: number;
  warmupSec: number;
  /** Seconds of each read alone after the mixed run; 0 = none. */
  perPathSec?: number;
  log?: (line: string) => void;
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function signInCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

interface Run {
  result: autocannon.Result;
  times: number[];
}

function cannon(url: string, cookie: string, paths: string[], connections: number, duration: number): Promise<Run> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration,
        headers: { cookie, ...PAGE_HEADERS },
        requests: paths.map((path) => ({ method: "GET" as const, path })),
      },
      (err, result) => (err ? reject(err) : resolve({ result, times })),
    );
    // Every response's time, for exact percentiles (autocannon's summary has no p95).
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  });
}

/**
 * `clients` keep-alive clients, each sending `rate` requests a second over `paths` in turn from a
 * random phase (autocannon's connectionRate starts every connection's clock together: all clients
 * then ask in the same millisecond, which no set of browser tabs does). Times every answer.
 */
async function pacedClients(url: string, cookie: string, paths: string[], clients: number, durationSec: number, rate: number): Promise<{ times: number[]; non2xx: number; errors: number; timeouts: number; errorCodes: Record<string, number> }> {
  const times: number[] = [];
  const errorCodes: Record<string, number> = {};
  // FIFO: every kept-alive socket is used in turn, none idles into the server's 5 s keep-alive
  // timeout (where a request and the server's close cross); idle ones are closed at 4 s anyway.
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients, scheduling: "fifo", timeout: 4_000 });
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const end = Date.now() + durationSec * 1000;
  const periodMs = 1000 / rate;
  const client = async (c: number) => {
    let next = Date.now() + Math.random() * periodMs;
    for (let k = c; next < end; k++) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      next += periodMs;
      const started = performance.now();
      try {
        const status = await get(`${url}${paths[k % paths.length]}`, agent, cookie);
        times.push(performance.now() - started);
        if (status < 200 || status >= 300) non2xx++;
      } catch (err) {
        const code = (err as { code?: string }).code ?? "unknown";
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        if (code === "TIMEOUT") timeouts++;
        else errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  agent.destroy();
  return { times, non2xx, errors, timeouts, errorCodes };
}

/**
 * V8's heap in use after its latest full collection, from the Mark-Compact lines of --trace-gc
 * ("Mark-Compact 310.2 (330.5) -> 70.4 (135.1) MB"): what JavaScript keeps, beside RSS.
 */
function heapWatch(child: import("node:child_process").ChildProcess) {
  let latest = Number.NaN;
  const onData = (d: Buffer) => {
    const m = /Mark-Compact[^\n]*?-> ([\d.]+) \(/.exec(d.toString());
    if (m) latest = Number(m[1]);
  };
  child.stdout!.on("data", onData);
  return { inUseMb: () => latest, stop: () => child.stdout!.off("data", onData) };
}

/** The server's inspector address, from the line `--inspect=127.0.0.1:0` prints on stderr. */
async function inspectorUrl(server: RunningServer): Promise<string> {
  return poll("the server's inspector address", async () => /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1], 60_000, 200);
}

/**
 * RSS right after V8 collected everything it can and handed its free pages back to the system
 * (the inspector's HeapProfiler.collectGarbage, DevTools' "collect garbage"). Under load RSS saws
 * by 200 MB as V8 sizes its heap to the allocation rate and keeps the pages for a while; after a
 * forced collection, what RSS holds is what the process keeps. The lower of two readings.
 */
async function rssAfterForcedGc(pid: number, wsUrl: string): Promise<number> {
  // A child Node speaks the inspector's WebSocket protocol (Node 20 has WebSocket behind a flag).
  const script = `const ws = new WebSocket(process.argv[1]);
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
ws.onmessage = (e) => { if (JSON.parse(e.data).id === 1) process.exit(0); };
ws.onerror = () => process.exit(1);
setTimeout(() => process.exit(2), 60000);`;
  const readings: number[] = [];
  for (let i = 0; i < 2; i++) {
    await execFileP(process.execPath, ["--experimental-websocket", "--no-warnings", "-e", script, wsUrl]);
    await new Promise((r) => setTimeout(r, 1000));
    readings.push(rssMb(pid));
  }
  return Math.min(...readings);
}

/**
 * One GET, body read to the end; its status. Rejects with code TIMEOUT after 10 s. A kept-alive
 * socket the server closed just as the request went out is retried once on a new one, as
 * browsers do (and as Node's http docs advise: `req.reusedSocket`); any other failure counts.
 */
function get(url: string, agent: http.Agent, cookie: string, retried = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie, ...PAGE_HEADERS }, timeout: 10_000 }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "TIMEOUT" })));
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && err.code === "ECONNRESET") resolve(get(url, agent, cookie, true));
      else reject(err);
    });
  });
}

/**
 * Makes the queues, starts QueueDeck on them, waits until the collector lists all of them,
 * warms up, then measures. Cleans up (server and vhost) however it ends.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadFigures> {
  const log = opts.log ?? (() => undefined);
  const vh = new TestVhost("-load");
  const loadUser = `${vh.name}-user`;
  let server: RunningServer | undefined;
  try {
    const t0 = Date.now();
    const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    await vh.create();
    // A user that sees only this vhost: the collector samples exactly these queues, whatever
    // other vhosts the shared broker holds (a monitoring or admin user would list them all).
    await mgmtApi("PUT", `/api/users/${loadUser}`, { password: LOAD_PASSWORD, tags: "management" });
    await mgmtApi("PUT", `/api/permissions/${vh.path}/${loadUser}`, { configure: ".*", write: ".*", read: ".*" });
    // One definitions import declares them all at once (10,000 queue.declare calls take minutes on a busy broker).
    const queues = Array.from({ length: LOAD_QUEUES }, (_, i) => ({ name: queueName(i), vhost: vh.name, durable: false, auto_delete: false, arguments: {} }));
    await mgmtApi("POST", `/api/definitions/${vh.path}`, { queues });
    const ch = await (await vh.connection()).createChannel();
    await poll("queues declared", async () => ((await ch.checkQueue(queueName(LOAD_QUEUES - 1))).queue ? true : undefined), 120_000);
    for (let i = 0; i < 42; i++) ch.sendToQueue(queueName(7), Buffer.from(`m${i}`));
    await ch.close();
    log(`${LOAD_QUEUES} queues declared in vhost ${vh.name} (${since()})`);

    server = await startServer({
      // One line per garbage collection on stdout: V8's heap in use is shown beside RSS.
      // The inspector (127.0.0.1, a free port) forces the collections memory is read after.
      nodeArgs: ["--trace-gc", "--inspect=127.0.0.1:0"],
      config: { sources: [{ id: "rabbit", kind: "rabbitmq", name: "R", amqpUrl: withUser(vh.amqpUrl(), loadUser), managementUrl: withUser(rabbitManagementUrl(), loadUser) }] },
      // The collector's own default interval: what a deployment samples at.
      env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_COLLECTOR_INTERVAL_MS: "5000" },
    });
    const cookie = await signInCookie(server.url);
    log(`QueueDeck started (${since()})`);
    const queuesSeen = await poll(
      "the collector lists the 10,000 queues",
      async () => {
        const res = await fetch(`${server!.url}/api/v1/sources/rabbit/queues`, { headers: { cookie } });
        const items = ((await res.json()) as { items: { vhost?: string }[] }).items;
        const ours = items.filter((q) => q.vhost === vh.name).length;
        return ours >= LOAD_QUEUES ? ours : undefined;
      },
      120_000,
      2000,
    );
    log(`the collector lists them (${since()})`);
    const qid = queueIdOf(vh.name, queueName(7));
    const paths = [
      "/api/v1/sources",
      "/api/v1/sources/rabbit/queues",
      `/api/v1/sources/rabbit/queues/${qid}`,
      `/api/v1/sources/rabbit/queues/${qid}/series?metric=depth`,
    ];
    const pid = server.process.pid!;
    const load = async (sec: number) => {
      if (!opts.ratePerClient) {
        const { result, times } = await cannon(server!.url, cookie, paths, opts.connections, sec);
        return { times, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, errorCodes: {}, reqPerSec: result.requests.average };
      }
      const r = await pacedClients(server!.url, cookie, paths, opts.connections, sec, opts.ratePerClient);
      return { ...r, reqPerSec: r.times.length / sec };
    };
    log(`warm-up: ${opts.connections} clients, ${opts.warmupSec} s`);
    await load(opts.warmupSec);
    const heap = heapWatch(server.process);
    const wsUrl = await inspectorUrl(server);
    const rssBeforeMb = await rssAfterForcedGc(pid, wsUrl);
    const heapBeforeMb = heap.inUseMb();
    log(`measuring: ${opts.connections} clients, ${opts.durationSec} s, RSS after a forced collection ${rssBeforeMb.toFixed(0)} MB`);
    // RSS every 2 s while measuring: a leak raises the floor all along; garbage only saws.
    const rssTrail: number[] = [];
    const sampler = setInterval(() => rssTrail.push(rssMb(pid)), 2_000);
    const measured = await load(opts.durationSec).finally(() => clearInterval(sampler));
    const rssAfterMb = await rssAfterForcedGc(pid, wsUrl);
    heap.stop();
    const rssGrowthMb = rssAfterMb - rssBeforeMb;
    log(`RSS while measuring (MB, every 2 s): ${rssTrail.map((v) => Math.round(v)).join(", ")}`);
    log(`V8 heap in use after the forced collection: ${heapBeforeMb.toFixed(0)} MB before the run, ${heap.inUseMb().toFixed(0)} MB after it`);
    const times = measured.times.sort((a, b) => a - b);
    const perPath: NonNullable<LoadFigures["perPath"]> = [];
    for (const path of opts.perPathSec ? paths : []) {
      const alone = await cannon(server.url, cookie, [path], opts.connections, opts.perPathSec!);
      alone.times.sort((a, b) => a - b);
      const r = alone.result;
      perPath.push({ path, reqPerSec: r.requests.average, p50: percentile(alone.times, 50), p95: percentile(alone.times, 95), kb: r.throughput.total / Math.max(1, r.requests.total) / 1024 });
    }
    return {
      requests: times.length,
      reqPerSec: measured.reqPerSec,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      max: times.at(-1) ?? 0,
      non2xx: measured.non2xx,
      errors: measured.errors,
      timeouts: measured.timeouts,
      rssBeforeMb,
      rssAfterMb,
      rssGrowthMb,
      errorCodes: measured.errorCodes,
      queuesSeen,
      ...(perPath.length ? { perPath } : {}),
    };
  } finally {
    await server?.stop("SIGKILL");
    await vh.delete();
    await mgmtApi("DELETE", `/api/users/${loadUser}`);
  }
}

export function describeFigures(f: LoadFigures, opts: LoadOptions): string {
  return [
    `load: ${opts.connections} clients${opts.ratePerClient ? ` at ${opts.ratePerClient} requests/s each` : " as fast as answered (saturation)"} for ${opts.durationSec} s (after ${opts.warmupSec} s warm-up), collector sampling ${f.queuesSeen} queues of the run's vhost`,
    `  ${f.requests} requests, ${f.reqPerSec.toFixed(0)} req/s; latency p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(0)} ms`,
    `  non-2xx ${f.non2xx}, errors ${f.errors}${Object.keys(f.errorCodes).length ? ` (${JSON.stringify(f.errorCodes)})` : ""}, timeouts ${f.timeouts}`,
    `  server RSS after a forced full collection: ${f.rssBeforeMb.toFixed(0)} MB before the run, ${f.rssAfterMb.toFixed(0)} MB after it: ${f.rssGrowthMb.toFixed(1)} MB growth`,
    ...(f.perPath ?? []).map((p) => `  alone: ${p.path.replace(/queues\/[^/?]+/, "queues/{id}")}: ${p.reqPerSec.toFixed(0)} req/s, p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, ${p.kb.toFixed(1)} KB each`),
  ].join("\n");
}
