import "server-only";
import type IORedis from "ioredis";
import type { JobPageDto, JobStateName } from "@/lib/bullmq";
import { invalid } from "@/server/errors";
import { decodeCursor, encodeCursor, mapSummary, STATE_KEYS, SUMMARY_FIELDS } from "./job-map";
import { LuaScript } from "./lua";

/**
 * One page of a state, newest first, in one round trip: the size of the state, the ids of the
 * page and the summary fields of each job. Lists (wait, active) take new jobs at the head;
 * sorted sets are read by descending score (finished time for completed/failed, run time for
 * delayed). A cursor names the last job shown: the page resumes right after it (LPOS /
 * ZREVRANK) and falls back to its score, then to the plain offset, when that job has left.
 * Work per call: one LLEN/ZCARD, one range of at most 100, one HMGET per job.
 */
const PAGE_SCRIPT = new LuaScript(`
local key = KEYS[1]
local jobPrefix = ARGV[1]
local isList = ARGV[2] == "list"
local start = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local cursorId = ARGV[5]
local cursorScore = ARGV[6]
local total
if isList then total = redis.call("LLEN", key) else total = redis.call("ZCARD", key) end
if cursorId ~= "" then
  if isList then
    local pos = redis.call("LPOS", key, cursorId, "MAXLEN", start + count + 10000)
    if pos then start = pos + 1 end
  else
    local rank = redis.call("ZREVRANK", key, cursorId)
    if rank then
      start = rank + 1
    elseif cursorScore ~= "" then
      -- Gone: start after every newer job, and after the equal-score ones ZREVRANGE puts
      -- first (members greater than the cursor's, byte order).
      start = redis.call("ZCOUNT", key, "(" .. cursorScore, "+inf")
      local same = redis.call("ZRANGEBYSCORE", key, cursorScore, cursorScore, "LIMIT", 0, 10000)
      for _, m in ipairs(same) do
        if m > cursorId then start = start + 1 end
      end
    end
  end
end
local ids = {}
local scores = {}
if isList then
  ids = redis.call("LRANGE", key, start, start + count - 1)
else
  local r = redis.call("ZREVRANGE", key, start, start + count - 1, "WITHSCORES")
  for i = 1, #r, 2 do
    ids[#ids + 1] = r[i]
    scores[#scores + 1] = r[i + 1]
  end
end
local rows = {}
for i, id in ipairs(ids) do
  local f = redis.call("HMGET", jobPrefix .. id, ${SUMMARY_FIELDS.map((f) => `"${f}"`).join(", ")})
  -- opts -> attempts only; long texts cut here so a page never carries a whole stack or payload
  if f[6] then f[6] = string.match(f[6], '"attempts":(%d+)') or false end
  if f[9] then f[9] = string.sub(f[9], 1, 300) end
  if f[10] and string.len(f[10]) > 2000 then f[10] = false end
  rows[#rows + 1] = f
end
return {total, start, ids, rows, scores}
`);

type PageReply = [number, number, string[], (string | null)[][], string[]];

export async function readJobPage(
  redis: IORedis,
  keyPrefix: string,
  q: { state: JobStateName; limit: number; cursor?: string },
): Promise<JobPageDto> {
  const cursor = decodeCursor(q.cursor);
  if (q.cursor && !cursor) throw invalid("cursor: not a cursor this API gave out");
  const { key, kind } = STATE_KEYS[q.state];
  const [total, start, ids, rows, scores] = (await PAGE_SCRIPT.run(
    redis,
    [keyPrefix + key],
    [keyPrefix, kind, cursor?.o ?? 0, q.limit, cursor?.id ?? "", cursor?.s ?? ""],
  )) as PageReply;
  const items = [];
  for (let i = 0; i < ids.length; i++) {
    const row = rows[i] ?? [];
    // A job removed between the range and its HMGET (or a stale id) has no hash: skip it.
    if (row[0] == null && row[1] == null) continue;
    items.push(mapSummary(ids[i]!, q.state, row));
  }
  const reached = Number(start) + ids.length;
  const lastId = ids[ids.length - 1];
  const nextCursor =
    lastId !== undefined && reached < Number(total)
      ? encodeCursor({ o: reached, id: lastId, ...(kind === "zset" ? { s: scores[scores.length - 1] } : {}) })
      : undefined;
  return { items, total: Number(total), ...(nextCursor ? { nextCursor } : {}) };
}
