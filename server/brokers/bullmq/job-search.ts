import "server-only";
import type IORedis from "ioredis";
import { MAX_SEARCH_MATCHES, type JobStateName, type JobSummaryDto, type SearchPageDto } from "@/lib/bullmq";
import { invalid } from "@/server/errors";
import { attemptsOf, mapSummary, STATE_KEYS, SUMMARY_FIELDS } from "./job-map";
import { matches, parseSearch, SearchSyntaxError, type SearchQuery } from "./search-query";
import { decodeCursor, encodeCursor } from "../cursor";

/** Jobs read per Redis round trip: one range plus one pipelined HMGET per job. */
export const SEARCH_BATCH = 1000;
/** One request looks at no more than this many jobs, or stops after SLICE_MS, whichever comes first. */
const SLICE_JOBS = 10_000;
const SLICE_MS = 400;

/**
 * Search is a streaming, stateless paged endpoint rather than a server-side operation: each
 * call scans one bounded slice (batches of SEARCH_BATCH jobs, yielding to the event loop and
 * to other Redis clients between batches) and returns the matches found in it with a cursor.
 * The client calls again until `done`, showing `scanned / total` as progress; cancelling is
 * simply not asking for the next slice, and nothing is left running or held on the server.
 *
 * Jobs are read state by state, newest first, by offset: a job that moves between states
 * while a search runs may be missed or seen twice.
 */
interface SearchCursor {
  /** index into states, offset in that state, jobs scanned, total at start, matches so far */
  si: number;
  o: number;
  sc: number;
  t: number;
  m: number;
}

function decode(raw: string | undefined): SearchCursor | undefined {
  if (!raw) return undefined;
  const c = decodeCursor(raw, (x) => ([x.si, x.o, x.sc, x.t, x.m].every((n) => Number.isInteger(n) && (n as number) >= 0) ? (x as unknown as SearchCursor) : undefined));
  if (!c) throw invalid("cursor: not a cursor this API gave out");
  return c;
}

const encode = (c: SearchCursor) => encodeCursor(c);

function parse(q: string): SearchQuery {
  try {
    return parseSearch(q);
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw invalid(`q: ${err.message}`);
    throw err;
  }
}

async function summaries(redis: IORedis, keyPrefix: string, found: { id: string; state: JobStateName }[]): Promise<JobSummaryDto[]> {
  if (!found.length) return [];
  const pipe = redis.pipeline();
  for (const f of found) pipe.hmget(keyPrefix + f.id, ...SUMMARY_FIELDS);
  const rows = (await pipe.exec()) ?? [];
  return found.map((f, i) => {
    const row = [...((rows[i]?.[1] as (string | null)[] | undefined) ?? [])];
    row[5] = String(attemptsOf(row[5]));
    return mapSummary(f.id, f.state, row);
  });
}

async function byId(redis: IORedis, keyPrefix: string, id: string, states: JobStateName[]): Promise<JobSummaryDto[]> {
  if (!id || !(await redis.exists(keyPrefix + id))) return [];
  // Which of the searched states holds it (a job is in exactly one).
  const pipe = redis.pipeline();
  for (const s of states) {
    const { key, kind } = STATE_KEYS[s];
    if (kind === "list") pipe.lpos(keyPrefix + key, id);
    else pipe.zscore(keyPrefix + key, id);
  }
  const res = (await pipe.exec()) ?? [];
  const i = res.findIndex(([, v]) => v !== null && v !== undefined);
  return i < 0 ? [] : summaries(redis, keyPrefix, [{ id, state: states[i]! }]);
}

export async function searchJobs(
  redis: IORedis,
  keyPrefix: string,
  req: { q: string; states: JobStateName[]; cursor?: string },
): Promise<SearchPageDto> {
  const query = parse(req.q);
  const states = [...new Set(req.states)];
  if (query.kind === "id") {
    const items = await byId(redis, keyPrefix, query.id, states);
    return { items, scanned: items.length, total: items.length, done: true };
  }
  let c = decode(req.cursor);
  const items: JobSummaryDto[] = [];
  if (!c) {
    const pipe = redis.pipeline();
    for (const s of states) {
      const { key, kind } = STATE_KEYS[s];
      if (kind === "list") pipe.llen(keyPrefix + key);
      else pipe.zcard(keyPrefix + key);
    }
    const sizes = ((await pipe.exec()) ?? []).map(([, v]) => Number(v) || 0);
    c = { si: 0, o: 0, sc: 0, t: sizes.reduce((a, b) => a + b, 0), m: 0 };
    // A text that is a job id finds that job first.
    if (query.kind === "text") items.push(...(await byId(redis, keyPrefix, req.q.trim(), states)));
  }
  const exact = new Set(items.map((j) => j.id));
  const started = Date.now();
  let scannedHere = 0;
  while (c.si < states.length && scannedHere < SLICE_JOBS && Date.now() - started < SLICE_MS && c.m + items.length < MAX_SEARCH_MATCHES) {
    const state = states[c.si]!;
    const { key, kind } = STATE_KEYS[state];
    const end = c.o + Math.min(SEARCH_BATCH, SLICE_JOBS - scannedHere) - 1;
    const ids = kind === "list" ? await redis.lrange(keyPrefix + key, c.o, end) : await redis.zrevrange(keyPrefix + key, c.o, end);
    if (ids.length) {
      const pipe = redis.pipeline();
      for (const id of ids) pipe.hmget(keyPrefix + id, "name", "data", "failedReason");
      const rows = (await pipe.exec()) ?? [];
      const hits: { id: string; state: JobStateName }[] = [];
      ids.forEach((id, i) => {
        const [name, data, failedReason] = (rows[i]?.[1] as (string | null)[] | undefined) ?? [];
        // No hash: removed since the range was read.
        if (exact.has(id) || (name == null && data == null)) return;
        if (matches(query, { id, name: name ?? null, data: data ?? null, failedReason: failedReason ?? null })) hits.push({ id, state });
      });
      const room = MAX_SEARCH_MATCHES - c.m - items.length;
      items.push(...(await summaries(redis, keyPrefix, hits.slice(0, room))));
      c.sc += ids.length;
      scannedHere += ids.length;
    }
    if (ids.length < end - c.o + 1) {
      c.si += 1;
      c.o = 0;
    } else {
      c.o += ids.length;
    }
    // Let other requests (and other Redis clients) in between batches.
    await new Promise((r) => setImmediate(r));
  }
  const matched = c.m + items.length;
  const capped = matched >= MAX_SEARCH_MATCHES;
  const done = capped || c.si >= states.length;
  return {
    items,
    scanned: c.sc,
    total: Math.max(c.t, c.sc),
    done,
    ...(capped ? { capped: true } : {}),
    ...(done ? {} : { nextCursor: encode({ ...c, m: matched }) }),
  };
}
