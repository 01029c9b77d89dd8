import "server-only";
import type { Runtime } from "@/server/runtime";
import { loadKey } from "./secret-key";
import { seal, unseal } from "./signed-cookie";
import type { OidcFlow } from "./oidc";

/** State, nonce and PKCE verifier between the start and the callback: 10 minutes, signed, httpOnly, only sent to these routes. */
export const OIDC_FLOW_COOKIE = "qd_oidc";
export const OIDC_FLOW_PATH = "/api/v1/session/oidc";
export const OIDC_FLOW_TTL_S = 600;

const keys = new Map<string, Buffer>();
const keyOf = (rt: Pick<Runtime, "dataDir">) => {
  let key = keys.get(rt.dataDir);
  if (!key) keys.set(rt.dataDir, (key = loadKey(rt.dataDir, "oidc-flow.key")));
  return key;
};

export const sealFlow = (rt: Pick<Runtime, "dataDir">, flow: OidcFlow) => seal(flow, keyOf(rt), OIDC_FLOW_TTL_S * 1000);
export const unsealFlow = (rt: Pick<Runtime, "dataDir">, value: string | undefined) => unseal<OidcFlow>(value, keyOf(rt));
