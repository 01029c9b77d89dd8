import { openDb } from "../../server/store/db";
const db = openDb(":memory:");
const plan = (sql: string, p: any) => console.log(sql.slice(60, 190), "\n   ", (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(p) as any[]).map((r) => r.detail).join(" | "));
plan("SELECT pk FROM celery_tasks WHERE source = @source AND (ts < @cts OR (ts = @cts AND pk < @cpk)) ORDER BY ts DESC, pk DESC LIMIT 51", { source: "c", cts: 1, cpk: 2 });
plan("SELECT pk FROM celery_tasks WHERE source = @source AND ts <= @cts AND (ts < @cts OR pk < @cpk) ORDER BY ts DESC, pk DESC LIMIT 51", { source: "c", cts: 1, cpk: 2 });
plan("SELECT pk FROM celery_tasks WHERE source = @source AND name = @n AND ts <= @cts AND (ts < @cts OR pk < @cpk) ORDER BY ts DESC, pk DESC LIMIT 51", { source: "c", cts: 1, cpk: 2, n: "x" });
