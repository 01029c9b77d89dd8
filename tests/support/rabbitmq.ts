// A RabbitMQ vhost of a test's own on the shared broker: created with permissions for guest,
// deleted (with everything in it) at the end. Helpers make real dead letters with x-death.
import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { rabbitAmqpUrl, rabbitManagementUrl, runId } from "./brokers";
import { poll } from "./wait";
export { poll };

const mgmt = new URL(rabbitManagementUrl());
const auth = `Basic ${Buffer.from(`${decodeURIComponent(mgmt.username)}:${decodeURIComponent(mgmt.password)}`).toString("base64")}`;
export const mgmtBase = `${mgmt.protocol}//${mgmt.host}`;

export async function mgmtApi(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${mgmtBase}${path}`, {
    method,
    headers: { authorization: auth, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export class TestVhost {
  readonly name: string;
  private model: ChannelModel | undefined;

  constructor(suffix = "") {
    this.name = `${runId()}${suffix}`;
  }

  get path(): string {
    return encodeURIComponent(this.name);
  }

  amqpUrl(): string {
    return `${rabbitAmqpUrl()}/${encodeURIComponent(this.name)}`;
  }

  async create(): Promise<void> {
    await mgmtApi("PUT", `/api/vhosts/${this.path}`, {});
    await mgmtApi("PUT", `/api/permissions/${this.path}/guest`, { configure: ".*", write: ".*", read: ".*" });
  }

  async delete(): Promise<void> {
    await this.model?.close().catch(() => undefined);
    await mgmtApi("DELETE", `/api/vhosts/${this.path}`);
  }

  async connection(): Promise<ChannelModel> {
    if (!this.model) {
      this.model = await connect(this.amqpUrl());
      this.model.on("error", () => undefined);
    }
    return this.model;
  }

  async confirmChannel(): Promise<ConfirmChannel> {
    const ch = await (await this.connection()).createConfirmChannel();
    ch.on("error", () => undefined);
    return ch;
  }

  /** Ready messages in a queue, read over AMQP (exact, no statistics delay). */
  async depth(queue: string): Promise<number> {
    const ch = await (await this.connection()).createChannel();
    ch.on("error", () => undefined);
    try {
      return (await ch.checkQueue(queue)).messageCount;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  /** Every message of a queue, consumed and acked (the queue is empty afterwards). */
  async drain(queue: string, expected: number, timeoutMs = 60_000): Promise<{ content: Buffer; headers: Record<string, unknown>; messageId?: string }[]> {
    const ch = await (await this.connection()).createChannel();
    ch.on("error", () => undefined);
    const out: { content: Buffer; headers: Record<string, unknown>; messageId?: string }[] = [];
    await ch.prefetch(1000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`drained ${out.length} of ${expected} from ${queue}`)), timeoutMs);
      void ch.consume(queue, (m) => {
        if (!m) return;
        out.push({ content: m.content, headers: m.properties.headers ?? {}, messageId: m.properties.messageId });
        ch.ack(m);
        if (out.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      });
      if (expected === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
    await ch.close().catch(() => undefined);
    return out;
  }

  /**
   * Real dead letters: publish into `origin` (which must dead-letter somewhere) with a
   * per-message TTL of 0, so the broker dead-letters each one at once with reason "expired";
   * or consume and reject them (reason "rejected").
   */
  async deadLetter(
    origin: string,
    bodies: (Buffer | string)[],
    opts: { reason?: "expired" | "rejected"; messageIds?: boolean; exchange?: string; routingKey?: string } = {},
  ): Promise<void> {
    const ch = await this.confirmChannel();
    const reason = opts.reason ?? "expired";
    bodies.forEach((b, i) => {
      ch.publish(opts.exchange ?? "", opts.routingKey ?? origin, Buffer.isBuffer(b) ? b : Buffer.from(b), {
        persistent: true,
        ...(reason === "expired" ? { expiration: "0" } : {}),
        ...(opts.messageIds ? { messageId: `m-${i}` } : {}),
      });
    });
    await ch.waitForConfirms();
    if (reason === "rejected") {
      await ch.prefetch(500);
      let n = 0;
      await new Promise<void>((resolve) => {
        void ch.consume(origin, (m) => {
          if (!m) return;
          ch.nack(m, false, false);
          if (++n >= bodies.length) resolve();
        });
      });
    }
    await ch.close().catch(() => undefined);
  }
}
