import "server-only";
import type { MessageProperties, Options } from "amqplib";

/** Where a moved message is published: an exchange and routing key, plus CC keys to copy routing exactly. */
export interface Route {
  exchange: string;
  routingKey: string;
  cc?: string[];
}

/**
 * The source message's properties, unchanged, for the republish: headers (x-death included,
 * so the history stays visible) and every basic property. Two exceptions, both because the
 * broker would otherwise do something else than "the same message, moved":
 * - CC/BCC headers would copy the message to more queues than the route names;
 * - a user-id differing from our connection's user makes the broker close the channel.
 */
export function republishOptions(p: MessageProperties, route: Route, connectionUser: string): Options.Publish {
  const headers: Record<string, unknown> = { ...(p.headers ?? {}) };
  delete headers.CC;
  delete headers.BCC;
  return {
    mandatory: true,
    headers,
    ...(route.cc?.length ? { CC: route.cc } : {}),
    contentType: p.contentType,
    contentEncoding: p.contentEncoding,
    deliveryMode: p.deliveryMode,
    priority: p.priority,
    correlationId: p.correlationId,
    replyTo: p.replyTo,
    expiration: p.expiration,
    messageId: p.messageId,
    timestamp: p.timestamp,
    type: p.type,
    appId: p.appId,
    ...(p.userId && p.userId === connectionUser ? { userId: p.userId } : {}),
  };
}
