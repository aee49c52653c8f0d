import { describe, expect, it } from "vitest";
import { McpOAuthProvider } from "./provider";
import { MemoryOAuthStore, tokenExpiresAt } from "./store";
import { isUnauthorized } from "./authorization";

/** Same name as the SDK's (tests may not import the SDK): matched by name, as a second copy of the SDK would be. */
class UnauthorizedError extends Error {}

const discovery = (scopes: string[], issuer = "https://as.example.com") => ({
  authorizationServerUrl: "https://as.example.com",
  resourceMetadata: { resource: "https://mcp.example.com/mcp", authorization_servers: ["https://as.example.com"] },
  authorizationServerMetadata: {
    issuer,
    authorization_endpoint: "https://as.example.com/authorize",
    token_endpoint: "https://as.example.com/token",
    response_types_supported: ["code"],
    scopes_supported: scopes,
  },
});

const provider = (now = () => 1_000) =>
  new McpOAuthProvider({
    settings: { grant: "authorization_code" },
    store: new MemoryOAuthStore(),
    redirectUrl: "https://switchyard.example.com/api/oauth/callback",
    now,
  });

describe("McpOAuthProvider", () => {
  it("adds offline_access to the authorization request when the authorization server offers it, not otherwise", async () => {
    const p = provider();
    await p.saveDiscoveryState(discovery(["notes", "offline_access"]));
    await p.redirectToAuthorization(new URL("https://as.example.com/authorize?scope=notes"));
    expect(p.takeAuthorizationUrl()!.searchParams.get("scope")).toBe("notes offline_access");
    expect(p.takeAuthorizationUrl()).toBeUndefined(); // taken once

    const q = provider();
    await q.saveDiscoveryState(discovery(["notes"]));
    await q.redirectToAuthorization(new URL("https://as.example.com/authorize?scope=notes"));
    expect(q.takeAuthorizationUrl()!.searchParams.get("scope")).toBe("notes");
  });

  it("refuses authorization server metadata whose issuer is not the server the resource named", async () => {
    await expect(provider().saveDiscoveryState(discovery([], "https://evil.example.com"))).rejects.toThrow(/issuer/);
    await expect(provider().saveDiscoveryState(discovery([], "https://as.example.com/"))).resolves.toBeUndefined();
  });

  it("keeps the old refresh token when a refresh answer has none, and knows when the token expires", async () => {
    let now = 1_000;
    const p = provider(() => now);
    await p.saveTokens({ access_token: "a1", token_type: "Bearer", refresh_token: "r1", expires_in: 60 });
    now = 5_000;
    await p.saveTokens({ access_token: "a2", token_type: "Bearer", expires_in: 60 });
    expect(await p.tokens()).toMatchObject({ access_token: "a2", refresh_token: "r1" });
    expect(tokenExpiresAt((await p.record()).tokens)).toBe(65_000);
  });

  it("does not wipe tokens another engine refreshed when its own refresh lost the race (invalid_grant)", async () => {
    const store = new MemoryOAuthStore();
    const engine = (s: MemoryOAuthStore) =>
      new McpOAuthProvider({ settings: { grant: "authorization_code" }, store: s, redirectUrl: "https://s.example/cb" });
    const a = engine(store);
    const b = engine(store);
    await a.saveTokens({ access_token: "a1", token_type: "Bearer", refresh_token: "r1", expires_in: 60 });
    expect(await b.tokens()).toMatchObject({ access_token: "a1" }); // b read a1 and will refresh with r1
    await a.saveTokens({ access_token: "a2", token_type: "Bearer", refresh_token: "r2", expires_in: 60 }); // a won
    await b.invalidateCredentials("tokens"); // the SDK, after b's refresh with r1 was refused
    expect(await engine(store).tokens()).toMatchObject({ access_token: "a2", refresh_token: "r2" });
    // Tokens nobody replaced are cleared as asked.
    await a.invalidateCredentials("tokens");
    expect(await engine(store).tokens()).toBeUndefined();
  });

  it("registers for refresh tokens and uses pre-registered credentials as given", async () => {
    expect(provider().clientMetadata.grant_types).toEqual(["authorization_code", "refresh_token"]);
    const pre = new McpOAuthProvider({
      settings: { grant: "authorization_code", clientId: "abc", clientSecret: "s3cret" },
      store: new MemoryOAuthStore(),
    });
    expect(await pre.clientInformation()).toEqual({ client_id: "abc", client_secret: "s3cret" });
    const cc = new McpOAuthProvider({
      settings: { grant: "client_credentials", clientId: "svc", clientSecret: "x" },
      store: new MemoryOAuthStore(),
    });
    expect(cc.redirectUrl).toBeUndefined();
    expect(String(await cc.prepareTokenRequest())).toBe("grant_type=client_credentials");
  });

  it("notes the scope a 403 insufficient_scope asks for, for the next Connect", async () => {
    const p = provider();
    p.observeResponse(
      new Response(null, { status: 403, headers: { "WWW-Authenticate": 'Bearer error="insufficient_scope", scope="a b"' } }),
    );
    expect(await p.requiredScope()).toBe("a b");
    expect((await p.record()).scope).toBe("a b");
  });

  it("recognises the SDK's UnauthorizedError, also wrapped", () => {
    expect(isUnauthorized(new UnauthorizedError())).toBe(true);
    expect(isUnauthorized(new Error("x", { cause: new UnauthorizedError() }))).toBe(true);
    expect(isUnauthorized(new Error("Unauthorized"))).toBe(false);
  });
});
