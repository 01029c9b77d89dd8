import "server-only";
import type { Message } from "amqplib";
import { rabbitReasonText } from "@/lib/rabbitmq";
import { parseDeaths } from "./message-map";
import type { Decision } from "./pipe";

/** Distinct reason texts kept at most; the rest are counted under one text. */
const MAX_TEXTS = 500;
const OTHER = "(other reasons: more distinct texts than kept)";

/**
 * The reasons of the messages a move reads and leaves in the queue (skipped by the filter, or
 * failed), counted by text: a replay thereby tells the dead-letter inbox what remains without
 * anyone reading the queue again.
 */
export class LeftReasons {
  private readonly counts = new Map<string | null, number>();

  /** `decide`, noting each message it leaves. */
  watch(decide: (m: Message) => Decision | Promise<Decision>): (m: Message) => Decision | Promise<Decision> {
    return (m) => {
      const note = (d: Decision): Decision => {
        if (!("route" in d)) this.add(rabbitReasonText(m.properties.headers, parseDeaths(m.properties.headers)[0]?.reason));
        return d;
      };
      const d = decide(m);
      return d instanceof Promise ? d.then(note) : note(d);
    };
  }

  private add(text: string | null): void {
    const key = this.counts.has(text) || this.counts.size < MAX_TEXTS ? text : OTHER;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  reasons(): { message: string | null; count: number }[] {
    return [...this.counts].map(([message, count]) => ({ message, count }));
  }
}
