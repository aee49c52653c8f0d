/**
 * A server's OAuth state in the database (McpOAuthConnection): the record the
 * SDK works with (registration, tokens, PKCE verifier, discovery) encrypted
 * with the secret box, plus what the Servers page shows in clear (status,
 * scopes, expiry, who). Only oauth-connections.ts and this file write the table.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import type { SecretBox } from "../../security/secrets";
import type { OAuthRecord, OAuthStore } from "../../mcp/oauth/store";
import { serializedPer, tokenExpiresAt } from "../../mcp/oauth/store";
import { providerOfDb } from "../runs/run-list";

/** Refreshes per server in this process, one at a time (across processes: an advisory lock on PostgreSQL). */
const inProcess = serializedPer();

/** How long a refresh may hold the lock (the token endpoint's answer included). */
const REFRESH_LOCK_MS = 60_000;

export type OAuthStatus = "connected" | "authorization_needed" | "disconnected";

export const hashState = (state: string) => createHash("sha256").update(state).digest("base64url");

export function dbOAuthStore(db: Db, box: SecretBox, server: string): OAuthStore {
  return {
    async read() {
      const row = await db.mcpOAuthConnection.findUnique({ where: { server }, select: { secrets: true } });
      return row?.secrets ? (JSON.parse(box.decrypt(row.secrets)) as OAuthRecord) : {};
    },
    async write(record) {
      const secrets = box.encrypt(JSON.stringify(record));
      const expiresAt = tokenExpiresAt(record.tokens);
      const token = record.tokens?.tokens;
      const shown = {
        scopes: token?.scope ?? "",
        expiresAt: expiresAt === null ? null : new Date(expiresAt),
        ...(token ? { subject: subjectOf(token.access_token, token.id_token) ?? undefined } : {}),
      };
      await db.mcpOAuthConnection.upsert({
        where: { server },
        create: { server, status: token ? "connected" : "disconnected", secrets, ...shown, subject: shown.subject ?? "" },
        update: { secrets, ...shown, ...(token ? { status: "connected", reason: "" } : {}) },
      });
    },
    exclusive<T>(fn: () => Promise<T>): Promise<T> {
      return inProcess(server, () => {
        // SQLite is one process's (the embedded engine); a shared PostgreSQL has many engines: lock across them too.
        if (providerOfDb(db) !== "postgresql") return fn();
        return db.$transaction(
          async (tx) => {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`switchyard:oauth-refresh:${server}`}))`;
            return fn();
          },
          { maxWait: REFRESH_LOCK_MS, timeout: REFRESH_LOCK_MS },
        );
      });
    },
  };
}

/**
 * Who a token stands for, for display: the `email`, `preferred_username` or
 * `sub` claim of an ID token or a JWT access token (not verified: it only
 * labels the connection; the server checks tokens). Null for opaque tokens.
 */
export function subjectOf(accessToken: string, idToken?: string): string | null {
  for (const jwt of [idToken, accessToken]) {
    const part = jwt?.split(".")[1];
    if (!part || jwt.split(".").length !== 3 || part.length > 8_000) continue;
    try {
      const claims = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
      const who = [claims.email, claims.preferred_username, claims.sub].find((v) => typeof v === "string" && v !== "");
      if (typeof who === "string") return who.slice(0, 200);
    } catch {
      // not a JWT
    }
  }
  return null;
}
