import { describe, expect, it } from "vitest";
import { guardSettings, requestProblem } from "./request-guard";

const settings = { mode: "accounts" as const, allowedHosts: [] };
const crossSite = (path: string) =>
  new Request(`https://sy.example${path}`, {
    method: "POST",
    headers: { host: "sy.example", origin: "https://client.example", "sec-fetch-site": "cross-site" },
  });

describe("same-origin rule and the OAuth endpoints", () => {
  it("lets browser-based MCP clients call the cookie-less OAuth endpoints from their own origin", () => {
    for (const path of ["/oauth/register", "/oauth/token", "/oauth/revoke"])
      expect(requestProblem(crossSite(path), settings)).toBeNull();
  });

  it("still refuses a cross-site consent decision (it acts with the person's cookie)", () => {
    expect(requestProblem(crossSite("/oauth/authorize/decision"), settings)).toMatch(/cross-site request may not change/);
    expect(requestProblem(crossSite("/oauth/token/x"), settings)).toMatch(/cross-site/);
  });
});

describe("guardSettings", () => {
  const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
  it("follows the environment it is given, though it keeps the last settings it read", () => {
    const local = guardSettings(env({}));
    expect(local).toEqual({ mode: "local", allowedHosts: [] });
    expect(guardSettings(env({}))).toBe(local);
    const hosts = env({ SWITCHYARD_ALLOWED_HOSTS: " Sy.Example ,, box.lan" });
    expect(guardSettings(hosts)).toEqual({ mode: "local", allowedHosts: ["sy.example", "box.lan"] });
    expect(guardSettings({ ...hosts, SWITCHYARD_AUTH: "accounts" }).mode).toBe("accounts");
    expect(guardSettings(env({}))).toEqual({ mode: "local", allowedHosts: [] });
  });
});
