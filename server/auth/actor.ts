import crypto from "node:crypto";
import type { ActorKind } from "@/lib/dto";

/** Who an audit row names: shown text, plus a kind and an id that together cannot be forged. */
export interface Actor {
  actor: string;
  actorKind: ActorKind;
  actorId: string;
}

export const SYSTEM_ACTOR: Actor = { actor: "QueueDeck", actorKind: "system", actorId: "queuedeck" };

export function userActor(username: string, key: string): Actor {
  return { actor: username, actorKind: "user", actorId: key };
}

export function tokenActor(id: number, name: string): Actor {
  return { actor: `token:${name}`, actorKind: "token", actorId: String(id) };
}

export const ENV_TOKEN_ACTOR: Actor = { actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "env-token", actorId: "QUEUEDECK_ADMIN_TOKEN" };

/**
 * A failed sign-in with a name no account has. The typed text may be a password typed into the
 * wrong field, so it is never stored: only a keyed hash of it, enough to see that the same
 * text came back, useless for guessing it offline (the key never leaves the data folder).
 */
export function unknownUserActor(typed: string, key: Buffer): Actor {
  const tag = crypto.createHmac("sha256", key).update(typed).digest("hex").slice(0, 8);
  return { actor: `unknown user (#${tag})`, actorKind: "anonymous", actorId: tag };
}
