import { describe, expect, it } from "vitest";
import type { DeadLetterTopicDto, DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { mergeScan, scanNote } from "./dead-letter-tick";

const dlt = (topic: string, count: number): DeadLetterTopicDto => ({ topic, count, oldest: null, origin: null, detectedBy: ["name"], topExceptions: [], topReasons: [], sampled: count });

describe("a budget-capped dead-letter scan", () => {
  it("replaces the rows it read, keeps the ones it did not reach with their older scannedAt, drops topics gone", () => {
    const rows = new Map<string, DeadLetterTopicItemDto>([
      ["a.DLT", { id: "a.DLT", ...dlt("a.DLT", 1), scannedAt: 1 }],
      ["b.DLT", { id: "b.DLT", ...dlt("b.DLT", 2), scannedAt: 1 }],
      ["c.DLT", { id: "c.DLT", ...dlt("c.DLT", 3), scannedAt: 1 }],
      ["gone.DLT", { id: "gone.DLT", ...dlt("gone.DLT", 4), scannedAt: 1 }],
    ]);
    // Read a (now 10) and b (no longer a dead-letter topic); stopped before c.
    mergeScan(rows, { topics: [dlt("a.DLT", 10)], progress: { candidates: ["a.DLT", "b.DLT", "c.DLT"], read: ["a.DLT", "b.DLT"] } }, 2);
    expect([...rows.values()].map((r) => [r.topic, r.count, r.scannedAt]).sort()).toEqual([["a.DLT", 10, 2], ["c.DLT", 3, 1]]);
  });

  it("says how far it read and where the next scan resumes (nowhere when it read everything)", () => {
    const progress = { candidates: ["a", "b", "c"], read: ["b"], records: 120, bytes: 9_000, ms: 2_004, stoppedBy: "time" as const };
    expect(scanNote(progress, "a", 5)).toEqual({ candidates: 3, read: 1, records: 120, bytes: 9_000, ms: 2_004, stoppedBy: "time", resumeAfter: "b", at: 5 });
    expect(scanNote({ ...progress, read: ["b", "c", "a"], stoppedBy: null }, "a", 5).resumeAfter).toBeNull();
  });
});
