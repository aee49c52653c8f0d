/**
 * MCP authorization in the product: "Connect" on the Servers page sends an
 * admin to the server's authorization server and back to /api/oauth/callback;
 * tokens are kept encrypted (oauth-store.ts), refreshed before expiry and on a
 * 401 by the connection (server/mcp/oauth); when that fails the server shows
 * "authorization needed" and runs that call it park on an inbox item
 * (reason `authorization_needed`) until an admin reconnects, which resumes them.
 * "Disconnect" revokes the tokens (RFC 7009) where the server offers it.
 */
import { randomBytes } from "node:crypto";
import type { McpServerConfig, OAuthSettings } from "@/lib/mcp/server-config";
import type { Db } from "../../db/client";
import type { SecretBox } from "../../security/secrets";
import { AppError, notFound } from "@/lib/errors";
import type { ConnectionAuth } from "../../mcp/oauth/authorization";
import { beginAuthorization, completeAuthorization } from "../../mcp/oauth/authorization";
import { McpOAuthProvider } from "../../mcp/oauth/provider";
import { revokeTokens } from "../../mcp/oauth/revoke";
import { joinConfig, type PublicConfig } from "./server-config-store";
import { dbOAuthStore, hashState, type OAuthStatus } from "./oauth-store";

export const OAUTH_CALLBACK_PATH = "/api/oauth/callback";
export const CLIENT_METADATA_PATH = "/api/oauth/client-metadata.json";

export interface OAuthUrls {
  redirectUrl: string;
  /** Only over https: authorization servers fetch it, and the SDK refuses anything else. */
  clientMetadataUrl?: string | undefined;
}

export function oauthUrls(publicUrl: string): OAuthUrls {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    redirectUrl: `${base}${OAUTH_CALLBACK_PATH}`,
    ...(base.startsWith("https://") ? { clientMetadataUrl: `${base}${CLIENT_METADATA_PATH}` } : {}),
  };
}

/** Switchyard's Client ID Metadata Document (served at CLIENT_METADATA_PATH; its URL is the client id). */
export function clientMetadataDocument(urls: OAuthUrls, publicUrl: string) {
  return {
    client_id: urls.clientMetadataUrl ?? `${publicUrl.replace(/\/+$/, "")}${CLIENT_METADATA_PATH}`,
    client_name: "Switchyard",
    client_uri: publicUrl,
    redirect_uris: [urls.redirectUrl],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
}

export interface OAuthConnectionView {
  status: OAuthStatus;
  subject: string;
  scopes: string;
  expiresAt: Date | null;
  reason: string;
  connectedBy: string;
  connectedAt: Date | null;
}

export class OAuthConnections {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly urls: OAuthUrls,
    private readonly hooks: { reconnected?: (server: string, by: string) => Promise<void> } = {},
  ) {}

  /** What a pooled connection to `server` uses for OAuth (none for servers without `oauth` settings). */
  authFor(server: string, config: McpServerConfig): ConnectionAuth | undefined {
    if (config.transport === "stdio" || !config.oauth) return undefined;
    return {
      provider: this.provider(server, config.oauth),
      onAuthorizationNeeded: (reason) => {
        void this.markNeeded(server, reason).catch((err: unknown) =>
          console.warn(`[oauth:${server}] could not record that authorization is needed: ${String(err)}`),
        );
      },
    };
  }

  /** "Connect": the URL to send the admin to, or null when the server is authorized without a person. */
  async begin(serverId: string, by: string): Promise<{ server: string; url: string | null }> {
    const { name, config } = await this.serverConfig(serverId);
    const { url: serverUrl, oauth } = oauthOf(config);
    const state = randomBytes(24).toString("base64url");
    const provider = this.provider(name, oauth, state);
    await provider.invalidateCredentials("tokens");
    const url = await beginAuthorization(provider, serverUrl);
    if (!url) {
      await this.connected(name, by);
      return { server: name, url: null };
    }
    await this.db.mcpOAuthConnection.update({
      where: { server: name },
      data: { pendingState: hashState(state), connectedBy: by },
    });
    return { server: name, url: url.toString() };
  }

  /** The callback: exchanges the code for the authorization `state` names. */
  async finish(state: string, code: string): Promise<{ serverId: string; server: string }> {
    const row = await this.db.mcpOAuthConnection.findUnique({ where: { pendingState: hashState(state) } });
    if (!row) throw new AppError("invalid", "This authorization is unknown or was already used: start again with Connect");
    await this.db.mcpOAuthConnection.update({ where: { server: row.server }, data: { pendingState: null } });
    const server = await this.db.mcpServer.findUnique({ where: { name: row.server } });
    if (!server) throw notFound(`Server ${row.server}`);
    const config = joinConfig(server.config as unknown as PublicConfig, server.secrets, this.box);
    const { url, oauth } = oauthOf(config);
    await completeAuthorization(this.provider(row.server, oauth), url, code);
    await this.connected(row.server, row.connectedBy);
    return { serverId: server.id, server: row.server };
  }

  /** "Disconnect": revoke at the authorization server where it can, then forget the tokens. */
  async disconnect(serverId: string): Promise<{ revoked: boolean; server: string }> {
    const { name, config } = await this.serverConfig(serverId);
    const provider = this.provider(name, oauthOf(config).oauth);
    const revoked = await revokeTokens(provider).catch(() => false);
    await provider.invalidateCredentials("tokens");
    await this.db.mcpOAuthConnection.update({
      where: { server: name },
      data: { status: "disconnected", reason: "", subject: "", scopes: "", expiresAt: null, pendingState: null },
    });
    return { revoked, server: name };
  }

  async view(server: string): Promise<OAuthConnectionView | null> {
    const row = await this.db.mcpOAuthConnection.findUnique({ where: { server } });
    if (!row) return null;
    const { status, subject, scopes, expiresAt, reason, connectedBy, connectedAt } = row;
    return { status: status as OAuthStatus, subject, scopes, expiresAt, reason, connectedBy, connectedAt };
  }

  async markNeeded(server: string, reason: string): Promise<void> {
    await this.db.mcpOAuthConnection.upsert({
      where: { server },
      create: { server, status: "authorization_needed", reason },
      update: { status: "authorization_needed", reason },
    });
  }

  private async connected(server: string, by: string): Promise<void> {
    await this.db.mcpOAuthConnection.update({
      where: { server },
      data: { status: "connected", reason: "", connectedBy: by, connectedAt: new Date() },
    });
    const row = await this.db.mcpOAuthConnection.findUniqueOrThrow({ where: { server } });
    if (!row.subject) await this.db.mcpOAuthConnection.update({ where: { server }, data: { subject: by } });
    await this.hooks.reconnected?.(server, by);
  }

  private provider(server: string, settings: OAuthSettings, state?: string): McpOAuthProvider {
    const provider = new McpOAuthProvider({
      settings,
      store: dbOAuthStore(this.db, this.box, server),
      redirectUrl: this.urls.redirectUrl,
      clientMetadataUrl: this.urls.clientMetadataUrl,
      clientName: "Switchyard",
    });
    if (state) provider.state = () => state;
    return provider;
  }

  private async serverConfig(serverId: string): Promise<{ name: string; config: McpServerConfig }> {
    const row = await this.db.mcpServer.findUnique({ where: { id: serverId } });
    if (!row) throw notFound(`Server ${serverId}`);
    return { name: row.name, config: joinConfig(row.config as unknown as PublicConfig, row.secrets, this.box) };
  }
}

function oauthOf(config: McpServerConfig): { url: string; oauth: OAuthSettings } {
  if (config.transport === "stdio" || !config.oauth) {
    throw new AppError("invalid", "This server has no OAuth settings: edit it and choose an authorization method first");
  }
  return { url: config.url, oauth: config.oauth };
}
