// Small helpers the kind fixtures share for talking to the running server.
import { expect } from "vitest";
import { ApiClient } from "../server";
import { poll } from "../wait";
import type { ContractContext, Json } from "./types";

/** An ApiClient that keeps every answer's text, so the battery can check none shows a secret. */
export class RecordingClient extends ApiClient {
  static readonly answers: string[] = [];

  override async request(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await super.request(method, p, body, headers);
    RecordingClient.answers.push(`${method} ${p} -> ${res.status} ${JSON.stringify(res.json)}`);
    return res;
  }
}

/** The answer's JSON, after asserting a 2xx status (the message names the request and the body). */
export async function ok(call: Promise<{ status: number; json: any }>, what: string): Promise<any> {
  const res = await call;
  expect(res.status, `${what}: ${JSON.stringify(res.json)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${what}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
}

/**
 * The first item of a snapshot list route that matches `match`, polled: the collector's
 * snapshot lags the broker by a tick or two.
 */
export function listItem(ctx: ContractContext, list: string, what: string, match: (item: Json) => boolean, timeoutMs = 20_000): Promise<Json> {
  return poll(
    what,
    async () => {
      const res = await ctx.admin.get(`${ctx.base}/${list}`);
      return res.status === 200 ? (res.json.items as Json[]).find(match) : undefined;
    },
    timeoutMs,
  );
}
