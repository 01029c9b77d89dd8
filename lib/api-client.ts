"use client";

import type { ApiErrorBody } from "./dto";
import { apiPaths, pages } from "./urls";
import { GZIP_BODY, GZIP_BODY_HEADER } from "./gzip-body";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** fetch for our JSON API: same-origin cookie, JSON body, errors as ApiError with the server's message. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (typeof DecompressionStream !== "undefined") headers[GZIP_BODY_HEADER] = GZIP_BODY;
  const res = await fetch(path, {
    method: init.method ?? "GET",
    credentials: "same-origin",
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
  });
  const text = await bodyText(res);
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: handled below */
  }
  if (!res.ok) {
    const err = (json as ApiErrorBody | undefined)?.error;
    if (res.status === 401 && typeof window !== "undefined" && !path.startsWith(apiPaths.session())) {
      // A full load, not a client navigation: the session is gone, so is every cached query.
      window.location.assign(pages.signIn(window.location.pathname + window.location.search));
    }
    throw new ApiError(res.status, err?.code ?? "http_error", err?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}

/** The body as text; a snapshot list the server sent gzipped (lib/gzip-body.ts) is unzipped here. */
async function bodyText(res: Response): Promise<string> {
  if (res.headers.get(GZIP_BODY_HEADER) !== GZIP_BODY || !res.body) return res.text();
  return new Response(res.body.pipeThrough(new DecompressionStream("gzip"))).text();
}
