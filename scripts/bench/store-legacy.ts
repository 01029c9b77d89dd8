// The write path QueueDeck's chart history had before it was keyed by time: tables keyed by
// (series, ts), raw samples buffered and written once a minute series by series, then rollups
// and pruning series by series. Kept only as the same-run baseline for bytes written.
import type Database from "better-sqlite3";

/** The raw SQLite handle: these fills and the legacy layout work below the store interface. */
type Db = Database.Database;
import type { Retention } from "../../server/store/series";

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;

export const LEGACY_SCHEMA = `
  CREATE TABLE legacy_raw (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
  CREATE TABLE legacy_1m (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
  CREATE TABLE legacy_15m (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
  CREATE TABLE legacy_state (tier TEXT PRIMARY KEY, done_until INTEGER NOT NULL);
`;

export class LegacySeriesWriter {
  private pending = new Map<number, [number, number][]>();
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly retention: Retention,
  ) {
    this.insert = db.prepare("INSERT OR REPLACE INTO legacy_raw (series_id, ts, value) VALUES (?, ?, ?)");
  }

  /** Buffers a tick; series ids are given directly. */
  record(values: ArrayLike<number>, at: number): void {
    for (let i = 0; i < values.length; i++) {
      const id = i + 1;
      const list = this.pending.get(id);
      if (list) list.push([at, values[i]!]);
      else this.pending.set(id, [[at, values[i]!]]);
    }
  }

  /** The old once-a-minute run over series 1..n: flush series by series, then roll and prune series by series. */
  maintain(now: number, n: number, chunk = 500): void {
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      this.db.transaction(() => {
        for (const id of ids.slice(i, i + 1000)) for (const [ts, v] of batch.get(id)!) this.insert.run(id, ts, v);
      })();
    }
    const state = (tier: string) =>
      (this.db.prepare("SELECT done_until FROM legacy_state WHERE tier = ?").get(tier) as { done_until: number } | undefined)?.done_until ?? 0;
    const setState = this.db.prepare("INSERT OR REPLACE INTO legacy_state (tier, done_until) VALUES (?, ?)");
    const minuteFrom = state("1m");
    const minuteTo = Math.floor(now / MINUTE) * MINUTE;
    const quarterFrom = state("15m");
    const quarterTo = Math.floor(now / QUARTER) * QUARTER;
    const rollMinute = this.db.prepare(
      `INSERT OR REPLACE INTO legacy_1m (series_id, ts, value, min, max)
       SELECT series_id, (ts / ${MINUTE}) * ${MINUTE} AS b, AVG(value), MIN(value), MAX(value)
       FROM legacy_raw WHERE series_id = ? AND ts >= ? AND ts < ? GROUP BY b`,
    );
    const rollQuarter = this.db.prepare(
      `INSERT OR REPLACE INTO legacy_15m (series_id, ts, value, min, max)
       SELECT series_id, (ts / ${QUARTER}) * ${QUARTER} AS b, AVG(value), MIN(min), MAX(max)
       FROM legacy_1m WHERE series_id = ? AND ts >= ? AND ts < ? GROUP BY b`,
    );
    const prune = (t: string) => this.db.prepare(`DELETE FROM ${t} WHERE series_id = ? AND ts < ?`);
    const [pruneRaw, prune1m, prune15m] = [prune("legacy_raw"), prune("legacy_1m"), prune("legacy_15m")];
    const all = Array.from({ length: n }, (_, i) => i + 1);
    for (let i = 0; i < all.length; i += chunk) {
      this.db.transaction(() => {
        for (const id of all.slice(i, i + chunk)) {
          if (minuteTo > minuteFrom) rollMinute.run(id, minuteFrom, minuteTo);
          if (quarterTo > quarterFrom) rollQuarter.run(id, quarterFrom, quarterTo);
          pruneRaw.run(id, now - this.retention.rawMs);
          prune1m.run(id, now - this.retention.oneMinuteMs);
          prune15m.run(id, now - this.retention.fifteenMinuteMs);
        }
      })();
    }
    if (minuteTo > minuteFrom) setState.run("1m", Math.max(minuteFrom, minuteTo - MINUTE));
    if (quarterTo > quarterFrom) setState.run("15m", Math.max(quarterFrom, quarterTo - QUARTER));
  }
}
