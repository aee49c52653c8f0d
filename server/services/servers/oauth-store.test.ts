import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { subjectOf } from "./oauth-store";
import { joinConfig, mergeSecrets, redactConfig, splitConfig } from "./server-config-store";
import { SecretBox } from "../../security/secrets";
import { SECRET_SET, type McpServerConfig } from "@/lib/mcp/server-config";

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("OAuth settings at rest", () => {
  const box = new SecretBox(randomBytes(32));
  const config: McpServerConfig = {
    transport: "http",
    url: "https://mcp.example.com/mcp",
    headers: {},
    oauth: { grant: "client_credentials", clientId: "svc", clientSecret: "top-secret", scope: "read" },
  };

  it("encrypts the client secret, shows the browser only that it is set, and keeps it when the form sends the marker", () => {
    const { config: open, secrets } = splitConfig(config, box);
    expect(JSON.stringify(open)).not.toContain("top-secret");
    expect(secrets).not.toContain("top-secret");
    expect(joinConfig(open, secrets, box)).toEqual(config);
    const shown = redactConfig(open);
    expect(shown).toMatchObject({
      oauth: { grant: "client_credentials", clientId: "svc", clientSecret: SECRET_SET, scope: "read" },
    });
    expect(mergeSecrets(shown, config)).toEqual(config);
  });

  it("does not carry a secret over to another grant", () => {
    const edited: McpServerConfig = { ...config, oauth: { grant: "authorization_code", clientSecret: SECRET_SET } };
    expect(mergeSecrets(edited, config)).toMatchObject({ oauth: { grant: "authorization_code" } });
    expect((mergeSecrets(edited, config) as { oauth: Record<string, unknown> }).oauth.clientSecret).toBeUndefined();
  });
});

describe("subjectOf", () => {
  it("labels a connection from the ID token or a JWT access token, and not from opaque tokens", () => {
    expect(subjectOf("opaque", jwt({ sub: "u1", email: "ada@example.com" }))).toBe("ada@example.com");
    expect(subjectOf(jwt({ sub: "u2" }))).toBe("u2");
    expect(subjectOf("at_abc")).toBeNull();
  });
});
