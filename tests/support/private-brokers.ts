// Brokers of a test's own, on their own ports and data folders, that the test may stop and start
// again: the shared brokers on this machine serve everyone else and must never be stopped.
//
// - Redis: a child redis-server; optionally with an append-only file fsynced on every write, so
//   what it held survives a kill (a plain Redis keeps nothing on disk).
// - RabbitMQ: a private node (its own node name, ports, Mnesia and cookie) with the management
//   plugin, run in the foreground as a child.
// - Kafka: a single-node KRaft broker from the jars scripts/brokers.sh caches in .cache/kafka/libs.
//
// stop() takes the broker away the way the test asks (kill -9, or its own orderly stop) and
// resolves once its port is closed; start() brings it back on the same ports and data, and
// resolves once it answers. dispose() stops it for good and removes its folder.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./server";
import { poll } from "./wait";

const run = promisify(execFile);

export interface PrivateBroker {
  /** Takes the broker away: `kill` = SIGKILL of the process, `orderly` = its own shutdown. */
  stop(how?: "kill" | "orderly"): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
  /** Last lines of the broker's own log, for assertion messages. */
  logTail(lines?: number): string;
  /** How long the last start() took until the broker answered, in ms. */
  lastStartMs: number;
}

const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal); // detached: pid = group id
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port, timeout: 1000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.on("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });
}

const tail = (file: string, lines = 30) => {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
};

/** Spawns a broker in its own process group with its output appended to `logFile`. */
function spawnLogged(cmd: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env, cwd?: string): ChildProcess {
  const fd = fs.openSync(logFile, "a");
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  child.unref();
  child.on("error", () => undefined);
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

async function killAndWait(child: ChildProcess | undefined, signal: NodeJS.Signals = "SIGKILL", graceMs = 30_000): Promise<void> {
  if (!child) return;
  killGroup(child, signal);
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** The first start: a broker that never came up is not left running behind the test. */
async function startOrClean(broker: PrivateBroker): Promise<void> {
  try {
    await broker.start();
  } catch (err) {
    await broker.dispose().catch(() => undefined);
    throw err;
  }
}

// ------------------------------------------------------------------ Redis

export interface PrivateRedis extends PrivateBroker {
  port: number;
  url(db?: number): string;
}

/** `durable`: an append-only file fsynced on every write, so a kill -9 loses nothing acknowledged. */
export async function privateRedis(opts: { durable?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-redis-"));
  const logFile = path.join(dir, "redis.log");
  const args = ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--save", "", "--maxmemory-policy", "noeviction"];
  args.push(...(opts.durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]));
  let child: ChildProcess | undefined;
  const broker: PrivateRedis = {
    port,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    lastStartMs: 0,
    logTail: (lines) => tail(logFile, lines),
    async start() {
      const t0 = Date.now();
      child = spawnLogged("redis-server", args, logFile);
      await poll(`private redis on :${port}`, async () => {
        if (child!.exitCode !== null) throw new Error(`redis-server exited: ${tail(logFile)}`);
        const { stdout } = await run("redis-cli", ["-p", String(port), "ping"]);
        return stdout.trim() === "PONG" ? true : undefined;
      }, 20_000, 50);
      broker.lastStartMs = Date.now() - t0;
    },
    async stop(how = "kill") {
      await killAndWait(child, how === "kill" ? "SIGKILL" : "SIGTERM");
      child = undefined;
    },
    async dispose() {
      await broker.stop("kill");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await startOrClean(broker);
  return broker;
}

// ------------------------------------------------------------------ RabbitMQ

export interface PrivateRabbit extends PrivateBroker {
  amqpUrl(vhost?: string): string;
  managementUrl(): string;
}

function rabbitBin(): string {
  // Debian's /usr/sbin wrappers switch to the rabbitmq user (who cannot read our folder); the
  // scripts behind them run as us.
  const dirs = ["/usr/lib/rabbitmq/bin", ...(process.env.PATH ?? "").split(":")];
  const found = dirs.find((d) => d && fs.existsSync(path.join(d, "rabbitmq-server")));
  if (!found) throw new Error("rabbitmq-server is not installed (apt-get install rabbitmq-server)");
  return found;
}

/**
 * A private RabbitMQ node. Everything it reads lives in its own folder (HOME for the Erlang
 * cookie, config, enabled plugins, Mnesia, logs) so neither /etc/rabbitmq nor the system node leak
 * in; the Erlang distribution port is its own too. Only the management plugin: that is all
 * QueueDeck needs from it here, and every plugin costs start time.
 */
export async function privateRabbit(): Promise<PrivateRabbit> {
  const [port, mgmtPort, distPort] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-rabbit-"));
  const node = `qdfault${port}@localhost`;
  fs.mkdirSync(path.join(dir, "mnesia"));
  fs.mkdirSync(path.join(dir, "log"));
  fs.writeFileSync(path.join(dir, "rabbitmq.conf"), `management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = ${mgmtPort}\n`);
  fs.writeFileSync(path.join(dir, "enabled_plugins"), "[rabbitmq_management].\n");
  fs.writeFileSync(path.join(dir, "rabbitmq-env.conf"), "# empty: keeps /etc/rabbitmq/rabbitmq-env.conf out\n");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dir, "log"),
    RABBITMQ_PID_FILE: path.join(dir, "rabbitmq.pid"),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
    RABBITMQ_CONFIG_FILE: path.join(dir, "rabbitmq.conf"),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, "advanced.config"),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, "rabbitmq-env.conf"),
    ERL_EPMD_ADDRESS: "127.0.0.1",
  };
  const logFile = path.join(dir, "log", "console.log");
  const bin = rabbitBin();
  let child: ChildProcess | undefined;
  const mgmtAnswers = async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${mgmtPort}/api/overview`, {
        headers: { authorization: `Basic ${Buffer.from("guest:guest").toString("base64")}` },
        signal: AbortSignal.timeout(2000),
      });
      return res.ok;
    } catch {
      return false;
    }
  };
  const broker: PrivateRabbit = {
    amqpUrl: (vhost) => `amqp://guest:guest@127.0.0.1:${port}${vhost === undefined ? "" : `/${encodeURIComponent(vhost)}`}`,
    managementUrl: () => `http://guest:guest@127.0.0.1:${mgmtPort}`,
    lastStartMs: 0,
    logTail: (lines) => tail(logFile, lines),
    async start() {
      const t0 = Date.now();
      child = spawnLogged(path.join(bin, "rabbitmq-server"), [], logFile, env, dir);
      await poll(`private RabbitMQ ${node} (AMQP :${port}, management :${mgmtPort})`, async () => {
        if (child!.exitCode !== null) throw new Error(`rabbitmq-server exited: ${tail(logFile)}`);
        return (await portOpen(port)) && (await mgmtAnswers()) ? true : undefined;
      }, 90_000, 200);
      broker.lastStartMs = Date.now() - t0;
    },
    async stop(how = "kill") {
      if (how === "orderly") {
        await run(path.join(bin, "rabbitmqctl"), ["-n", node, "-q", "stop"], { env }).catch(() => undefined);
      }
      await killAndWait(child, "SIGKILL");
      child = undefined;
    },
    async dispose() {
      await broker.stop("kill");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await startOrClean(broker);
  return broker;
}

// ------------------------------------------------------------------ Kafka

export interface PrivateKafka extends PrivateBroker {
  brokers(): string[];
}

/**
 * Where the Kafka jars are: QUEUEDECK_KAFKA_LIBS, this checkout's .cache/kafka/libs (filled by
 * `scripts/brokers.sh up`), or the main checkout's when this is a git worktree.
 */
export function kafkaLibs(): string {
  const candidates = [process.env.QUEUEDECK_KAFKA_LIBS, path.resolve(".cache/kafka/libs")];
  try {
    const common = fs.readFileSync(path.resolve(".git"), "utf8").match(/^gitdir: (.*)\/worktrees\//m)?.[1];
    if (common) candidates.push(path.join(path.dirname(common), ".cache/kafka/libs"));
  } catch {
    // .git is a folder: not a worktree
  }
  const found = candidates.find((d) => d && fs.existsSync(path.join(d, ".version")));
  if (found) return found;
  // None yet (the shared Kafka was reused, so `brokers.sh up` fetched nothing): fetch them once.
  execFileSync("bash", ["scripts/brokers.sh", "kafka-jars"], { stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
  return path.resolve(".cache/kafka/libs");
}

export async function privateKafka(): Promise<PrivateKafka> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-kafka-"));
  const props = path.join(dir, "server.properties");
  const logFile = path.join(dir, "kafka.log");
  fs.writeFileSync(
    props,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      "controller.listener.names=CONTROLLER",
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "inter.broker.listener.name=PLAINTEXT",
      "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      `log.dirs=${path.join(dir, "data")}`,
      "num.partitions=3",
      "default.replication.factor=1",
      "min.insync.replicas=1",
      "offsets.topic.replication.factor=1",
      "offsets.topic.num.partitions=3",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "num.network.threads=2",
      "num.io.threads=2",
      "num.recovery.threads.per.data.dir=1",
      "",
    ].join("\n"),
  );
  const jvm = ["-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"];
  jvm.push(`-Dlog4j2.configurationFile=${path.resolve("scripts/kafka/log4j2.properties")}`, "-cp", `${kafkaLibs()}/*`);
  // A fixed cluster id (22 base64url characters): saves one JVM start for random-uuid.
  const clusterId = `qdfault${String(port).padStart(15, "0")}`;
  await run("java", [...jvm, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", props], { cwd: dir });
  let child: ChildProcess | undefined;
  const broker: PrivateKafka = {
    brokers: () => [`127.0.0.1:${port}`],
    lastStartMs: 0,
    logTail: (lines) => tail(logFile, lines),
    async start() {
      const t0 = Date.now();
      child = spawnLogged("java", [...jvm, "kafka.Kafka", props], logFile, process.env, dir);
      await poll(`private Kafka on :${port}`, async () => {
        if (child!.exitCode !== null) throw new Error(`Kafka exited: ${tail(logFile)}`);
        return (await portOpen(port)) ? true : undefined;
      }, 90_000, 200);
      broker.lastStartMs = Date.now() - t0;
    },
    async stop(how = "kill") {
      await killAndWait(child, how === "kill" ? "SIGKILL" : "SIGTERM", 60_000);
      child = undefined;
    },
    async dispose() {
      await broker.stop("kill");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await startOrClean(broker);
  return broker;
}
