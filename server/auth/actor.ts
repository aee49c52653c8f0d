/** Who is making a request: the built-in local user, or a person signed in by session cookie or API token. */
import type { Role } from "@/lib/auth/roles";

export interface Actor {
  kind: "local" | "session" | "token" | "oauth";
  userId: string | null;
  name: string;
  email: string;
  role: Role;
  groups: string[];
  sessionId?: string;
  tokenId?: string;
  /** An OAuth access token (the MCP authorization flow): its grant and the client it was issued to. */
  grantId?: string;
  clientName?: string;
}

export const LOCAL_USER_NAME = "Local user";
export const LOCAL_ACTOR: Actor = Object.freeze({
  kind: "local",
  userId: null,
  name: LOCAL_USER_NAME,
  email: "",
  role: "admin",
  groups: [],
});

/** The name written on an action: the signed-in person's, never one sent by the client (local mode may name itself). */
export function actorName(actor: Actor, claimed?: string): string {
  if (actor.kind === "local") return claimed?.trim() || LOCAL_USER_NAME;
  return actor.name;
}

/** How the audit log names the actor; in local mode with the name the person gave (as the run's history shows it). */
export function auditName(actor: Actor | null, claimed?: string): string {
  if (!actor) return "";
  if (actor.kind === "local") return claimed?.trim() ? `${claimed.trim()} (${LOCAL_USER_NAME.toLowerCase()})` : LOCAL_USER_NAME;
  return actor.email;
}
