import "server-only";
import type { Kafka } from "kafkajs";
import type { DeadLetterSettings, DeadLetterTopicItemDto } from "@/lib/kafka";
import type { AdminLink } from "./client";
import { readDeadLetterTopics } from "./dead-letter-scan";

// Dead-letter topics for the collector: a bounded scan (readDeadLetterTopics' sample limits)
// every `every` ticks, the last answer reused in between, so a tick stays cheap.


export class DeadLetterTick {
  private ticks = 0;
  private last: { topics: DeadLetterTopicItemDto[]; problems: string[] } | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly link: AdminLink,
    private readonly settings: DeadLetterSettings | undefined,
    private readonly text: (err: unknown) => string,
    private readonly every = 3,
  ) {}

  /** The topics (possibly from an earlier tick); a failed scan keeps the earlier answer and says why. */
  async read(): Promise<{ topics: DeadLetterTopicItemDto[]; problems: string[] }> {
    const due = this.last === null || this.ticks % this.every === 0;
    this.ticks++;
    if (!due) return this.last!;
    try {
      const r = await readDeadLetterTopics(this.kafka, this.link, this.settings, { text: this.text, sample: 100, probeTopics: 20, concurrency: 2 });
      this.last = { topics: r.topics.map((t) => ({ id: t.topic, ...t })), problems: r.problems };
    } catch (err) {
      return { topics: this.last?.topics ?? [], problems: [`dead-letter topics: ${this.text(err)}`] };
    }
    return this.last;
  }

  /** Forget the cached answer (after a replay or purge the next tick rescans). */
  invalidate(): void {
    this.ticks = 0;
    this.last = null;
  }
}
