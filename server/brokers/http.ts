import "server-only";
import { displayUrl, errorText, secretsOfUrl } from "@/server/redact";

/** An HTTP answer other than 2xx. `message` is safe to show (no credentials). */
export class UpstreamHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

/**
 * A base URL split into what fetch() accepts (no user info: fetch refuses it)
 * and the Basic auth header the user info stood for.
 */
export interface HttpTarget {
  /** Base URL without credentials and without a trailing slash. */
  base: string;
  authorization?: string;
  /** Password-like values to scrub from any text shown. */
  secrets: string[];
}

export function httpTarget(url: string): HttpTarget {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  const base = u.toString().replace(/\/+$/, "");
  const authorization =
    user || pass ? `Basic ${Buffer.from(`${user}:${pass}`, "utf8").toString("base64")}` : undefined;
  return { base, authorization, secrets: secretsOfUrl(url) };
}

/** Undici hides the useful part ("connect ECONNREFUSED ...") in `cause`. */
function fetchFailureText(err: unknown, secrets: readonly string[], timeoutMs: number): string {
  if (err instanceof Error && err.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const outer = errorText(err, secrets);
  return cause ? `${outer}: ${errorText(cause, secrets)}` : outer;
}

/**
 * GET a JSON document under `target.base`. Throws an Error whose message names the
 * URL without credentials and the server's own reason; never the password.
 */
export function getJson(target: HttpTarget, path: string, timeoutMs: number): Promise<unknown> {
  return requestJson(target, "GET", path, timeoutMs);
}

/**
 * Any method with an optional JSON body; same error rules as getJson. An empty 2xx body
 * (PUT/DELETE answer 201/204 without one) resolves to undefined.
 */
export async function requestJson(
  target: HttpTarget,
  method: "GET" | "PUT" | "POST" | "DELETE",
  path: string,
  timeoutMs: number,
  body?: unknown,
): Promise<unknown> {
  const url = `${target.base}${path}`;
  // Query strings (column lists, paging) only lengthen error texts: name the path.
  const shown = displayUrl(url.split("?")[0]!);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: "application/json",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(target.authorization ? { authorization: target.authorization } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (err) {
    throw new Error(`${method} ${shown} failed: ${fetchFailureText(err, target.secrets, timeoutMs)}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new Error(`${method} ${shown}: reading the body failed: ${fetchFailureText(err, target.secrets, timeoutMs)}`);
  }
  if (!res.ok) {
    throw new UpstreamHttpError(
      errorText(`${method} ${shown} answered ${res.status} ${res.statusText}${reasonOf(text)}`, target.secrets),
      res.status,
    );
  }
  if (method !== "GET" && !text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${method} ${shown} answered ${res.status} with a body that is not JSON`);
  }
}

/** RabbitMQ (and many APIs) answer errors as {error, reason}; show the reason, bounded. */
function reasonOf(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown; reason?: unknown };
    const reason = [j.error, j.reason].filter((x) => typeof x === "string" && x).join(": ");
    return reason ? `: ${reason.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
