import "server-only";
import type { ApiVersionTable } from "./api-versions";

// Release markers: the first request version each Apache Kafka release added. Captured
// from real brokers (3.3.2, 3.4.1, 3.5.2, 3.6.2, 3.7.2, 3.8.1, 3.9.1, 4.0.0, 4.1.0,
// 4.2.0, 4.3.0, 4.4.0, all KRaft, default config) answering ApiVersions on this project's
// build machine. Only core APIs are used: they are advertised whatever features are
// enabled. A marker proves "at least this release", never an exact one: a newer release
// we have not seen reports as the newest we know, and Kafka-compatible brokers (Redpanda,
// MSK, Confluent...) report whatever protocol they implement. Hence the ">=".

interface Marker {
  release: string;
  /** api key -> max version that first appeared in this release. */
  needs: ReadonlyArray<readonly [apiKey: number, maxVersion: number]>;
}

// Newest first. Any one matching api proves the release (two per row guard against a
// vendor that backports a single RPC bump).
const MARKERS: readonly Marker[] = [
  { release: "4.4", needs: [[18, 5], [42, 3]] }, // ApiVersions v5, DeleteGroups v3
  { release: "4.3", needs: [[35, 5]] }, // DescribeLogDirs v5
  { release: "4.2", needs: [[2, 11], [8, 10]] }, // ListOffsets v11, OffsetCommit v10
  { release: "4.1", needs: [[0, 13], [1, 18]] }, // Produce v13, Fetch v18
  { release: "4.0", needs: [[0, 12], [3, 13]] }, // Produce v12, Metadata v13
  { release: "3.9", needs: [[1, 17], [2, 9]] }, // Fetch v17, ListOffsets v9
  { release: "3.8", needs: [[0, 11], [10, 5]] }, // Produce v11, FindCoordinator v5
  { release: "3.7", needs: [[0, 10], [1, 16]] }, // Produce v10, Fetch v16
  { release: "3.6", needs: [[24, 4]] }, // AddOffsetsToTxn v4
  { release: "3.5", needs: [[1, 15], [2, 8]] }, // Fetch v15, ListOffsets v8
];

const OLDEST_KNOWN = "3.5";

/** Highest release whose markers the broker meets, e.g. "4.1"; null when older than all. */
export function inferRelease(apis: ApiVersionTable): string | null {
  for (const m of MARKERS) {
    if (m.needs.some(([key, v]) => (apis.get(key)?.max ?? -1) >= v)) return m.release;
  }
  return null;
}

/** The string the dashboard shows; says plainly that it is an inference. */
export function versionText(apis: ApiVersionTable): string {
  const release = inferRelease(apis);
  const what = release ? `>= ${release}` : `< ${OLDEST_KNOWN}`;
  return `Kafka ${what} (inferred from ApiVersions)`;
}
