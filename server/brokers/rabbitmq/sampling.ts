import "server-only";
import type { RabbitExchangeDto } from "@/lib/rabbitmq";
import type { ManagementClient } from "./management";
import { mapExchanges, mapQueue, NO_DEAD_LETTER, type RabbitQueue } from "./map";
import type { BindingItem, ExchangeItem } from "./schemas";
import { deadLetterTopology } from "./topology";

export interface Topology {
  queues: RabbitQueue[];
  exchanges: RabbitExchangeDto[];
  /** Queues the broker has, even when the listing was cut short. */
  total: number;
  /** Why part of the picture is missing this tick, if it is. */
  degraded?: string;
}

/**
 * One tick's view of the broker: queues (paged), exchanges (paged) and bindings, read in
 * parallel so the tick takes about as long as the longest of them, then joined into
 * dead-letter routes. Without exchanges or bindings, queues are still served; only routes
 * through a dead-letter exchange are then unknown.
 */
export async function readTopology(api: ManagementClient, deadline: number, text: (err: unknown) => string): Promise<Topology> {
  const [listing, exchanges, bindings] = await Promise.allSettled([api.listQueues(deadline), api.listExchanges(deadline), api.listBindings()]);
  if (listing.status === "rejected") throw listing.reason;
  const problems: string[] = [];
  if (listing.value.truncated) problems.push(`queue list truncated: ${listing.value.items.length} of ${listing.value.total} queues read this tick`);
  let exItems: ExchangeItem[] = [];
  let bindItems: BindingItem[] = [];
  if (exchanges.status === "fulfilled") exItems = exchanges.value.items;
  else problems.push(`listing exchanges failed: ${text(exchanges.reason)}`);
  if (bindings.status === "fulfilled") bindItems = bindings.value;
  else problems.push(`listing bindings failed: ${text(bindings.reason)}`);

  const routes = deadLetterTopology(listing.value.items, exItems, bindItems);
  const queues = listing.value.items.map((q) => mapQueue(q, routes.get(q) ?? NO_DEAD_LETTER));
  return {
    queues,
    exchanges: mapExchanges(exItems, bindItems, queues),
    total: listing.value.total,
    ...(problems.length ? { degraded: problems.join("; ") } : {}),
  };
}
