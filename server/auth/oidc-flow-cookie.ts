import "server-only";
import type { Runtime } from "@/server/runtime";
import { seal, unseal } from "./signed-cookie";
import type { OidcFlow } from "./oidc";

/** State, nonce and PKCE verifier between the start and the callback: 10 minutes, signed, httpOnly, only sent to these routes. */
export const OIDC_FLOW_COOKIE = "qd_oidc";
export const OIDC_FLOW_PATH = "/api/v1/session/oidc";
export const OIDC_FLOW_TTL_S = 600;

// The key is the runtime's (shared in the store), so a flow started on one replica finishes on another.
export const sealFlow = (rt: Pick<Runtime, "oidcFlowKey">, flow: OidcFlow) => seal(flow, rt.oidcFlowKey, OIDC_FLOW_TTL_S * 1000);
export const unsealFlow = (rt: Pick<Runtime, "oidcFlowKey">, value: string | undefined) => unseal<OidcFlow>(value, rt.oidcFlowKey);
