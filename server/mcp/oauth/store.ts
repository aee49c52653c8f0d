/**
 * Where one server's OAuth state lives: the client registration, the tokens
 * (with when they were obtained, to know when they expire), the PKCE verifier
 * of an authorization in progress and the discovery results. The product keeps
 * it encrypted in the database (server/services/servers/oauth-store.ts); the
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
  /**
   * Runs `fn` while no other refresh of these tokens runs: in this process, and on a shared database in every
   * process. Authorization servers that rotate refresh tokens accept each one once, so two engines refreshing at the
   * same moment would leave one of them "authorization needed". Without it, refreshes are only serialized per store.
   */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
}

/** Runs `fn` after every earlier call for the same key has settled (an in-process mutex per key). */
export function serializedPer(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
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
