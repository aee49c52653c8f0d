/**
 * Where one server's OAuth state lives: the client registration, the tokens
 * (with when they were obtained, to know when they expire), the PKCE verifier
 * of an authorization in progress and the discovery results. The product keeps
 * it encrypted in the database (server/services/oauth-store.ts); the
 * conformance client and unit tests keep it in memory.
 */
import type { OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

export interface StoredTokens {
  tokens: OAuthTokens;
  /** Epoch ms when the token endpoint answered; expiry = obtainedAt + expires_in. */
  obtainedAt: number;
}

export interface OAuthRecord {
  client?: OAuthClientInformationMixed | undefined;
  tokens?: StoredTokens | undefined;
  verifier?: string | undefined;
  /** The `state` sent with the authorization request in progress. */
  state?: string | undefined;
  discovery?: OAuthDiscoveryState | undefined;
  /** The scope the server last asked for (WWW-Authenticate, step-up): the next Connect asks for it. */
  scope?: string | undefined;
}

export interface OAuthStore {
  read(): Promise<OAuthRecord>;
  write(record: OAuthRecord): Promise<void>;
}

export class MemoryOAuthStore implements OAuthStore {
  constructor(private record: OAuthRecord = {}) {}

  read(): Promise<OAuthRecord> {
    return Promise.resolve(this.record);
  }

  write(record: OAuthRecord): Promise<void> {
    this.record = record;
    return Promise.resolve();
  }
}

/** When the access token expires (epoch ms), or null when the server did not say. */
export function tokenExpiresAt(stored: StoredTokens | undefined): number | null {
  const seconds = stored?.tokens.expires_in;
  return stored && typeof seconds === "number" ? stored.obtainedAt + seconds * 1000 : null;
}
