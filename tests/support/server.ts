// Starts the built QueueDeck (`next start`) as a child process with its own data folder and config.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

// However a test file ends (a failed hook, a timeout, the worker exiting), no server it started
// may outlive it: a forgotten replica would go on sampling brokers and loading the machine.
const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** `port`: when the config must name the server's own address (single sign-on's redirect), pick it first with freePort(). */
export async function startServer(opts: { config?: unknown; env?: Record<string, string>; dataDir?: string; nodeArgs?: string[]; port?: number } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "qd-data-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QUEUEDECK_DATA_DIR: dataDir,
    QUEUEDECK_COLLECTOR_INTERVAL_MS: "1000",
    ...opts.env,
  };
  if (opts.config !== undefined) {
    const file = path.join(dataDir, "config.json");
    fs.writeFileSync(file, JSON.stringify(opts.config));
    env.QUEUEDECK_CONFIG = file;
  }
  const port = opts.port ?? (await freePort());
  env.PORT = String(port);
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  child.once("exit", () => started.delete(child));
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    process: child,
    output: () => out,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Runs the server to completion (for configs that must make it refuse to start). */
export async function runServerExpectingExit(config: unknown, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-data-"));
  const file = path.join(dataDir, "config.json");
  fs.writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config));
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, QUEUEDECK_DATA_DIR: dataDir, QUEUEDECK_CONFIG: file },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output: out });
    });
  });
}

/** A small cookie-keeping client for API tests (one jar by name; paths are not told apart). */
export class ApiClient {
  constructor(
    readonly base: string,
    private readonly bearer?: string,
    private readonly cookies = new Map<string, string>(),
  ) {}

  /** The same cookie jar against another server: one browser behind a load balancer, reaching another replica. */
  at(base: string): ApiClient {
    return new ApiClient(base, this.bearer, this.cookies);
  }

  /** The Cookie header this client sends: for a request made another way (node:http, raw bytes). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
    const res = await fetch(`${this.base}${p}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      const i = pair.indexOf("=");
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      if (value && !/;\s*max-age=0(;|$)/i.test(c)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { raw: text };
    }
    return { status: res.status, json, headers: res.headers };
  }

  get = (p: string) => this.request("GET", p);
  post = (p: string, body?: unknown, headers?: Record<string, string>) => this.request("POST", p, body ?? {}, headers);
  del = (p: string) => this.request("DELETE", p);
}
