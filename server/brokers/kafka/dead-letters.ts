import "server-only";
import type { DeadLetterSettings } from "@/lib/kafka-dead-letters";
import { errorSignature, groupReasons, type ReasonGroup } from "@/lib/error-signature";

// Which topics are dead-letter topics, where their records came from, and why they died.
// Pure rules; the reads that feed them are in dead-letter-scan.ts and replay.ts.

/** Spring (".DLT", "-dlt"), common "-dlq" / ".dlq" / "dlq." conventions, and ".deadletter". Case-insensitive. */
export const DEFAULT_DLT_NAME_PATTERNS = ["*.DLT", "*-dlt", "*.dlq", "*-dlq", "dlq.*", "*.deadletter"] as const;
/** Spring's DeadLetterPublishingRecoverer header first, then the common x-original-topic. */
export const DEFAULT_ORIGIN_HEADERS = ["kafka_dlt-original-topic", "x-original-topic"] as const;
/** Spring's message, then its exception class name when the message is missing. */
export const DEFAULT_EXCEPTION_HEADERS = ["kafka_dlt-exception-message", "kafka_dlt-exception-fqcn", "x-exception-message"] as const;

/** Exception messages longer than this are cut before counting: a stack trace must not make a row huge. */
export const EXCEPTION_TEXT_LIMIT = 300;

export interface DeadLetterRules {
  namePatterns: readonly string[];
  originHeaders: readonly string[];
  exceptionHeaders: readonly string[];
}

export function deadLetterRules(settings?: DeadLetterSettings): DeadLetterRules {
  return {
    namePatterns: settings?.namePatterns ?? DEFAULT_DLT_NAME_PATTERNS,
    originHeaders: settings?.originHeaders ?? DEFAULT_ORIGIN_HEADERS,
    exceptionHeaders: settings?.exceptionHeaders ?? DEFAULT_EXCEPTION_HEADERS,
  };
}

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** "*.DLT" -> /^(.*)\.DLT$/i: each "*" captures what it matched. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map(escapeRegExp).join("(.*)")}$`, "i");
}

/** The first pattern a topic name matches, or null. */
export function matchedDltPattern(topic: string, patterns: readonly string[]): string | null {
  return patterns.find((p) => globToRegExp(p).test(topic)) ?? null;
}

/**
 * The origin a DLT's name implies: what the pattern's single "*" matched ("orders.DLT" -> "orders",
 * "dlq.orders" -> "orders"). Null for no match, several "*", or an empty capture.
 */
export function originFromName(topic: string, patterns: readonly string[]): string | null {
  for (const p of patterns) {
    if (p.split("*").length !== 2) continue;
    const m = globToRegExp(p).exec(topic);
    if (m && m[1]) return m[1];
  }
  return null;
}

/** The first of `names` present in the headers (exact name), as UTF-8 text. */
export function headerText(headers: readonly (readonly [string, Buffer])[], names: readonly string[]): string | null {
  for (const name of names) {
    const hit = headers.find(([h]) => h === name);
    if (hit) return hit[1].toString("utf8");
  }
  return null;
}

/** A record's origin: its header when it carries one, else the name mapping of its topic. */
export function originOf(topic: string, headers: readonly (readonly [string, Buffer])[], rules: DeadLetterRules): string | null {
  return headerText(headers, rules.originHeaders) || originFromName(topic, rules.namePatterns);
}

export interface SampleSummary {
  /** Most frequent origin header of the sample, else the name mapping. */
  origin: string | null;
  topExceptions: { message: string; count: number }[];
  /** Every exception of the sample grouped by signature before the top are taken: distinct texts of one reason add up. */
  topReasons: ReasonGroup[];
  /** Some record of the sample carries an origin or exception header. */
  hasDeadLetterHeaders: boolean;
}

/** Origin and top exception messages of a bounded sample of a topic's records. */
export function summarizeSample(
  topic: string,
  sample: readonly { headers: readonly (readonly [string, Buffer])[] }[],
  rules: DeadLetterRules,
  top = 5,
): SampleSummary {
  const origins = new Map<string, number>();
  const exceptions = new Map<string, number>();
  let hasHeaders = false;
  for (const r of sample) {
    const origin = headerText(r.headers, rules.originHeaders);
    const exception = headerText(r.headers, rules.exceptionHeaders);
    if (origin) origins.set(origin, (origins.get(origin) ?? 0) + 1);
    if (exception !== null) exceptions.set(exception.slice(0, EXCEPTION_TEXT_LIMIT), (exceptions.get(exception.slice(0, EXCEPTION_TEXT_LIMIT)) ?? 0) + 1);
    if (origin || exception !== null) hasHeaders = true;
  }
  const mostFrequent = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    origin: mostFrequent(origins)[0]?.[0] ?? originFromName(topic, rules.namePatterns),
    topExceptions: mostFrequent(exceptions)
      .slice(0, top)
      .map(([message, count]) => ({ message, count })),
    topReasons: groupReasons([...exceptions].map(([message, count]) => ({ message, count })), top),
    hasDeadLetterHeaders: hasHeaders,
  };
}

/**
 * A record's error signature: of its exception header, cut like the scan's summary cuts it, so a
 * replay by signature takes exactly the records the inbox counted under that signature.
 */
export function exceptionSignatureOf(headers: readonly (readonly [string, Buffer])[], rules: DeadLetterRules): string {
  return errorSignature(headerText(headers, rules.exceptionHeaders)?.slice(0, EXCEPTION_TEXT_LIMIT));
}
