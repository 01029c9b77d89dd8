// The ranges live in lib/ (a route's query schema names them too); charts import them from here.
export { TIME_RANGES, TIME_RANGE_IDS, rangeMs, type TimeRangeId } from "@/lib/time-range";
