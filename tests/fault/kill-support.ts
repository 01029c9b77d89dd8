// For the kill -9 tests: a built QueueDeck with an admin session, killed with SIGKILL and
// started again on the same data folder and config; the store checked afterwards.
import Database from "better-sqlite3";
import path from "node:path";
import { expect } from "vitest";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const ADMIN_PASSWORD = "kill-test-admin-pw";

export interface Killable {
  server: RunningServer;
  api: ApiClient;
}

export async function startSignedIn(config: unknown, dataDir?: string): Promise<Killable> {
  const server = await startServer({ config, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD }, ...(dataDir ? { dataDir } : {}) });
  const api = new ApiClient(server.url);
  const signIn = await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
  expect(signIn.status).toBe(200);
  return { server, api };
}

/** SIGKILL: no shutdown hook, no last progress write, the SQLite WAL left as it was. */
export async function kill(k: Killable): Promise<void> {
  k.server.process.kill("SIGKILL");
  await k.server.stop("SIGKILL");
}

/** Polls an operation until `until` holds for it; returns it. */
export function waitOperation(api: ApiClient, id: string, what: string, until: (op: OperationJson) => boolean, timeoutMs = 60_000): Promise<OperationJson> {
  return poll(
    what,
    async () => {
      const op = (await api.get(`/api/v1/operations/${id}`)).json as OperationJson;
      return until(op) ? op : undefined;
    },
    timeoutMs,
    100,
  );
}

export interface OperationJson {
  id: string;
  kind: string;
  status: "running" | "done" | "failed" | "cancelled" | "interrupted";
  done: number;
  total: number;
  failed: number;
  skipped: number;
  error?: string;
}

/** After the server stopped: the store opens read-only and SQLite finds nothing wrong. */
export function integrityCheck(dataDir: string): string {
  const db = new Database(path.join(dataDir, "queuedeck.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return db.pragma("integrity_check", { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** The audit rows the end of an operation wrote, newest first. */
export async function finishedAudit(api: ApiClient, action: string): Promise<{ outcome: string; params: Record<string, unknown>; counts: Record<string, number>; error?: string }[]> {
  const r = await api.get(`/api/v1/audit?action=${encodeURIComponent(`${action}.finished`)}&limit=10`);
  expect(r.status).toBe(200);
  return r.json.items;
}
