/**
 * Switchyard's OAuth client for one MCP server, on the SDK's client auth
 * (`auth()`: discovery of protected-resource and authorization-server metadata
 * with their fallbacks, Client ID Metadata Documents, dynamic registration,
 * PKCE, resource indicators, scope selection, token endpoint auth methods,
 * refresh). This class is the OAuthClientProvider the SDK asks for state; it
 * adds what the SDK leaves to the application:
 *   - state kept in an OAuthStore (encrypted in the database in the product);
 *   - the grant: authorization code (a person consents), client credentials
 *     (client secret or private_key_jwt) or cross-app access (cross-app.ts);
 *   - `offline_access` requested when the authorization server lists it, and
 *     `refresh_token` among the registered grant types;
 *   - the issuer of the authorization server metadata checked against the
 *     server the protected resource named (RFC 8414 section 3.3);
 *   - the authorization URL kept for whoever can send a person there.
 */
import { randomBytes } from "node:crypto";
import {
  extractWWWAuthenticateParams,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { createPrivateKeyJwtAuth } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { OAuthSettings } from "@/lib/mcp/server-config";
import { crossAppAssertion } from "./cross-app";
import { serializedPer, type OAuthRecord, type OAuthStore } from "./store";

export interface ProviderOptions {
  settings: OAuthSettings;
  store: OAuthStore;
  /** Where the authorization server sends the person back (authorization code grant). */
  redirectUrl?: string | undefined;
  /** Switchyard's Client ID Metadata Document (https only; otherwise dynamic registration). */
  clientMetadataUrl?: string | undefined;
  clientName?: string | undefined;
  now?: (() => number) | undefined;
  fetchFn?: typeof fetch | undefined;
  /** How long the stored record is trusted before it is read again (default 5 s). */
  cacheMs?: number | undefined;
}

export const OFFLINE_ACCESS = "offline_access";

export class McpOAuthProvider implements OAuthClientProvider {
  private cached: OAuthRecord | null = null;
  private loadedAt = 0;
  /** Refreshes of this provider, one at a time when the store has no lock of its own. */
  private readonly queue = serializedPer();
  private authorizationUrl: URL | undefined;
  /** The scope the last 403 insufficient_scope asked for (step-up). */
  private wanted: string | undefined;
  readonly clientMetadataUrl: string | undefined;
  readonly addClientAuthentication: OAuthClientProvider["addClientAuthentication"];

  constructor(private readonly options: ProviderOptions) {
    const { settings } = options;
    this.clientMetadataUrl = settings.grant === "authorization_code" ? options.clientMetadataUrl : undefined;
    if (settings.grant === "client_credentials" && settings.privateKeyPem) {
      this.addClientAuthentication = createPrivateKeyJwtAuth({
        issuer: settings.clientId,
        subject: settings.clientId,
        privateKey: settings.privateKeyPem,
        alg: settings.signingAlgorithm ?? "ES256",
      });
    }
  }

  get settings(): OAuthSettings {
    return this.options.settings;
  }

  get redirectUrl(): string | undefined {
    return this.options.settings.grant === "authorization_code" ? this.options.redirectUrl : undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    const { settings } = this.options;
    const interactive = settings.grant === "authorization_code";
    return {
      client_name: this.options.clientName ?? "Switchyard",
      redirect_uris: interactive && this.options.redirectUrl ? [this.options.redirectUrl] : [],
      grant_types: interactive ? ["authorization_code", "refresh_token"] : [grantType(settings)],
      response_types: interactive ? ["code"] : [],
      ...(settings.scope ? { scope: settings.scope } : {}),
    };
  }

  state(): string {
    return randomBytes(24).toString("base64url");
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const { settings } = this.options;
    if (settings.grant !== "authorization_code") {
      return { client_id: settings.clientId, ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}) };
    }
    if (settings.clientId) {
      return { client_id: settings.clientId, ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}) };
    }
    return (await this.record()).client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    if (this.options.settings.grant === "authorization_code" && !this.options.settings.clientId) await this.update({ client });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    return (await this.record()).tokens?.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const previous = (await this.record()).tokens?.tokens;
    // A refresh response may omit the refresh token: the old one stays valid (RFC 6749 section 6).
    const kept = tokens.refresh_token || !previous?.refresh_token ? tokens : { ...tokens, refresh_token: previous.refresh_token };
    await this.update({ tokens: { tokens: kept, obtainedAt: this.now() }, verifier: undefined, state: undefined });
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    this.authorizationUrl = url;
    const scope = url.searchParams.get("scope") ?? undefined;
    if (scope !== (await this.record()).scope) await this.update({ scope });
  }

  async saveCodeVerifier(verifier: string): Promise<void> {
    await this.update({ verifier });
  }

  async codeVerifier(): Promise<string> {
    const verifier = (await this.record()).verifier;
    if (!verifier) throw new Error("No authorization is in progress for this server (no PKCE verifier is stored)");
    return verifier;
  }

  async saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    checkIssuer(discovery);
    await this.update({ discovery });
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.record()).discovery;
  }

  async invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): Promise<void> {
    const patch: Partial<OAuthRecord> = {};
    if (scope === "tokens" && (await this.replacedElsewhere())) return; // another engine refreshed: keep its tokens
    if (scope === "all" || scope === "tokens") patch.tokens = undefined;
    if (scope === "all" || scope === "client") patch.client = undefined;
    if (scope === "all" || scope === "verifier") patch.verifier = undefined;
    if (scope === "all" || scope === "discovery") patch.discovery = undefined;
    await this.update(patch);
  }

  async prepareTokenRequest(scope?: string): Promise<URLSearchParams | undefined> {
    const { settings } = this.options;
    const wanted = settings.scope ?? scope;
    if (settings.grant === "client_credentials") {
      return new URLSearchParams({ grant_type: "client_credentials", ...(wanted ? { scope: wanted } : {}) });
    }
    if (settings.grant === "cross_app") {
      const discovery = (await this.record()).discovery;
      const assertion = await crossAppAssertion(settings, discovery, this.options.fetchFn ?? fetch);
      return new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion,
        ...(wanted ? { scope: wanted } : {}),
      });
    }
    return undefined;
  }

  /**
   * The authorization URL the last auth() wanted a person to open (taken once),
   * with `offline_access` added when the authorization server offers it.
   */
  takeAuthorizationUrl(): URL | undefined {
    const url = this.authorizationUrl;
    this.authorizationUrl = undefined;
    if (!url) return undefined;
    const offered = this.cached?.discovery?.authorizationServerMetadata?.scopes_supported ?? [];
    const requested = (url.searchParams.get("scope") ?? "").split(" ").filter(Boolean);
    if (offered.includes(OFFLINE_ACCESS) && !requested.includes(OFFLINE_ACCESS)) {
      url.searchParams.set("scope", [...requested, OFFLINE_ACCESS].join(" "));
    }
    return url;
  }

  /**
   * Sees every response of the MCP endpoint (the transport's fetch): a 403 insufficient_scope names the scope the
   * server wants. The SDK's step-up only refreshes when a refresh token is at hand, which cannot widen the scope;
   * withAuthorization() then asks for an authorization with this scope.
   */
  observeResponse(response: Response): void {
    if (response.status !== 403) return;
    const { error, scope } = extractWWWAuthenticateParams(response);
    if (error === "insufficient_scope" && scope) this.wanted = scope;
  }

  /** The step-up scope seen last (kept in the record so that the next Connect asks for it). */
  async requiredScope(): Promise<string | undefined> {
    const wanted = this.wanted;
    if (wanted && wanted !== (await this.record()).scope) await this.update({ scope: wanted });
    return wanted ?? (await this.record()).scope;
  }

  /** The whole stored record (for status views: who, scopes, expiry). */
  async record(): Promise<OAuthRecord> {
    // Re-read now and then: another process (a worker, the callback) may have refreshed or replaced the tokens.
    if (!this.cached || this.now() - this.loadedAt > (this.options.cacheMs ?? 5_000)) {
      this.cached = await this.options.store.read();
      this.loadedAt = this.now();
    }
    return this.cached;
  }

  /**
   * Whether the stored tokens are no longer the ones this provider used: another engine refreshed them (a rotated
   * refresh token is accepted once, so the loser of a race sees invalid_grant and must not wipe the winner's tokens).
   */
  private async replacedElsewhere(): Promise<boolean> {
    const used = this.cached?.tokens?.tokens.access_token;
    this.reload();
    const stored = (await this.record()).tokens?.tokens.access_token;
    return used !== undefined && stored !== undefined && stored !== used;
  }

  /** Forget the cached copy: another process may have refreshed the tokens. */
  reload(): void {
    this.cached = null;
  }

  /** Runs `fn` under the store's refresh lock (see OAuthStore.exclusive), or in this provider's own queue. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const store = this.options.store;
    return store.exclusive ? store.exclusive(fn) : this.queue("refresh", fn);
  }

  private async update(patch: Partial<OAuthRecord>): Promise<void> {
    const next = { ...(await this.record()), ...patch };
    this.cached = next;
    this.loadedAt = this.now();
    await this.options.store.write(next);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function grantType(settings: OAuthSettings): string {
  if (settings.grant === "cross_app") return "urn:ietf:params:oauth:grant-type:jwt-bearer";
  return settings.grant;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * RFC 8414 section 3.3 (and OpenID Connect Discovery 4.3): the metadata's issuer
 * must be the authorization server the protected resource named. Legacy servers
 * without protected-resource metadata (2025-03-26) name none, so nothing to check.
 */
function checkIssuer(discovery: OAuthDiscoveryState): void {
  const issuer = discovery.authorizationServerMetadata?.issuer;
  if (!discovery.resourceMetadata || !issuer) return;
  if (trimSlash(issuer) !== trimSlash(discovery.authorizationServerUrl)) {
    throw new Error(
      `The authorization server's metadata names the issuer ${issuer}, not ${discovery.authorizationServerUrl} as the server said: refusing to use it`,
    );
  }
}
