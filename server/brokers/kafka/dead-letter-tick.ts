import "server-only";
import type { Kafka } from "kafkajs";
import type { DeadLetterScanDto, DeadLetterSettings, DeadLetterTopicDto, DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import type { AdminLink } from "./client";
import { readDeadLetterTopics, type ScanBudget, type ScanProgress } from "./dead-letter-scan";

// Dead-letter topics for the collector: a scan every `every` ticks, the last answer reused in
// between, so a tick stays cheap. A scan is bounded in records, bytes and time (a cluster may have
// hundreds of DLTs); one that runs out keeps the earlier rows of the topics it did not reach and
// the next scan resumes after the last topic it read, so every DLT is read in turn.

/** What one tick's scan may read. */
export const DEAD_LETTER_SCAN_BUDGET: ScanBudget = { records: 2_000, bytes: 8 * 1024 * 1024, ms: 2_000 };

export interface DeadLetterTickResult {
  topics: DeadLetterTopicItemDto[];
  problems: string[];
  /** How far the last scan read; null before the first. */
  scan: DeadLetterScanDto | null;
}

/**
 * Rows of topics read now are replaced (or dropped: no longer a DLT); rows of candidates the
 * scan did not reach stay as an earlier scan read them; rows of topics gone are dropped.
 */
export function mergeScan(
  rows: Map<string, DeadLetterTopicItemDto>,
  scan: { topics: readonly DeadLetterTopicDto[]; progress: Pick<ScanProgress, "candidates" | "read"> },
  now: number,
): void {
  const kept = new Set(scan.progress.candidates);
  const read = new Set(scan.progress.read);
  for (const topic of [...rows.keys()]) if (!kept.has(topic) || read.has(topic)) rows.delete(topic);
  for (const t of scan.topics) rows.set(t.topic, { id: t.topic, ...t, scannedAt: now });
}

/** What GET .../dead-letters says of the scan; a capped one resumes after the last topic it read. */
export function scanNote(progress: ScanProgress, resumedAfter: string | null, now: number): DeadLetterScanDto {
  const { candidates, read, stoppedBy } = progress;
  return {
    candidates: candidates.length,
    read: read.length,
    records: progress.records,
    bytes: progress.bytes,
    ms: progress.ms,
    stoppedBy,
    resumeAfter: stoppedBy ? (read.at(-1) ?? resumedAfter) : null,
    at: now,
  };
}

export class DeadLetterTick {
  private ticks = 0;
  private last: DeadLetterTickResult | null = null;
  private readonly rows = new Map<string, DeadLetterTopicItemDto>();

  constructor(
    private readonly kafka: Kafka,
    private readonly link: AdminLink,
    private readonly settings: DeadLetterSettings | undefined,
    private readonly text: (err: unknown) => string,
    private readonly every = 3,
    private readonly budget: ScanBudget = DEAD_LETTER_SCAN_BUDGET,
  ) {}

  /** The topics (possibly from an earlier tick); a failed scan keeps the earlier answer and says why. */
  async read(now = Date.now()): Promise<DeadLetterTickResult> {
    const due = this.last === null || this.ticks % this.every === 0;
    this.ticks++;
    if (!due) return this.last!;
    const resumeAfter = this.last?.scan?.resumeAfter ?? null;
    try {
      const r = await readDeadLetterTopics(this.kafka, this.link, this.settings, {
        text: this.text, sample: 100, probeTopics: 20, concurrency: 2, budget: this.budget, resumeAfter,
      });
      mergeScan(this.rows, r, now);
      this.last = { topics: [...this.rows.values()].sort((a, b) => a.topic.localeCompare(b.topic)), problems: r.problems, scan: scanNote(r.progress, resumeAfter, now) };
    } catch (err) {
      return { topics: this.last?.topics ?? [], problems: [`dead-letter topics: ${this.text(err)}`], scan: this.last?.scan ?? null };
    }
    return this.last;
  }

  /** Forget the cached answer (after a replay or purge the next tick rescans). */
  invalidate(): void {
    this.ticks = 0;
    this.last = null;
    this.rows.clear();
  }
}
