import "server-only";
import type { Channel, Message } from "amqplib";
import type { PeekResultDto, PublishBody, PublishResultDto } from "@/lib/rabbitmq";
import { toPeekedMessage } from "./message-map";
import type { VhostLinks } from "./vhost-links";

export const PEEK_NOTE =
  "Peeking fetches messages and puts them back (requeue): they are marked redelivered, may come back in another order on some queue types, and count one delivery against a quorum queue's delivery limit.";

/** Reads up to `limit` messages from the head and requeues all of them at the end. */
export async function peekMessages(links: VhostLinks, vhost: string, name: string, limit: number, type: string): Promise<PeekResultDto> {
  return links.withChannel(vhost, async (ch) => {
    await ch.checkQueue(name);
    const got = type === "stream" ? await readStreamHead(ch, name, limit) : await getMessages(ch, name, limit);
    return { items: got.map((m, i) => toPeekedMessage(m, i)), note: type === "stream" ? STREAM_NOTE : PEEK_NOTE };
  });
}

const STREAM_NOTE = "Streams keep their messages: reading them from the first offset changes nothing.";

async function getMessages(ch: Channel, name: string, limit: number): Promise<Message[]> {
  const got: Message[] = [];
  try {
    for (let i = 0; i < limit; i++) {
      const m = await ch.get(name, { noAck: false });
      if (!m) break;
      got.push(m);
    }
  } finally {
    // All of them back, in one frame; closing the channel would requeue them too.
    if (got.length) ch.nackAll(true);
  }
  return got;
}

/** Streams do not support basic.get: consume from the first offset, take `limit`, stop. */
async function readStreamHead(ch: Channel, name: string, limit: number): Promise<Message[]> {
  const got: Message[] = [];
  await ch.prefetch(limit);
  await new Promise<void>((resolve, reject) => {
    let quiet: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(overall);
      resolve();
    };
    const overall = setTimeout(done, 2000);
    ch.consume(
      name,
      (m) => {
        if (!m) return done();
        got.push(m);
        clearTimeout(quiet);
        if (got.length >= limit) return done();
        quiet = setTimeout(done, 300);
      },
      { noAck: false, arguments: { "x-stream-offset": "first" } },
    ).catch(reject);
  });
  return got.slice(0, limit);
}

export async function purgeQueue(links: VhostLinks, vhost: string, name: string): Promise<number> {
  return links.withChannel(vhost, async (ch) => (await ch.purgeQueue(name)).messageCount);
}

/** Publishes with confirms and mandatory: the answer says whether any queue took the message. */
export async function publishMessage(links: VhostLinks, vhost: string, exchange: string, body: PublishBody): Promise<PublishResultDto> {
  return links.withConfirmChannel(vhost, async (ch) => {
    // Publishing to a missing exchange closes the channel with a 404 only after the fact; ask first.
    if (exchange !== "") await ch.checkExchange(exchange);
    let returned = false;
    let closedBy: unknown;
    ch.on("return", () => (returned = true));
    // An internal exchange or a refused user-id closes the channel: the reason comes as 'error'.
    ch.on("error", (err: unknown) => (closedBy = err));
    const content = body.payloadEncoding === "base64" ? Buffer.from(body.payload, "base64") : Buffer.from(body.payload, "utf8");
    const { persistent, ...props } = body.properties;
    await new Promise<void>((resolve, reject) => {
      ch.publish(
        exchange,
        body.routingKey,
        content,
        { ...props, persistent: persistent ?? true, headers: body.headers, timestamp: Math.floor(Date.now() / 1000), mandatory: true },
        (err) => (err ? reject(closedBy ?? err) : resolve()),
      );
    });
    // The broker sends basic.return before the confirm of the same message.
    return { routed: !returned };
  });
}
