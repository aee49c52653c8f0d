import { describe, expect, it } from "vitest";
import { redirectMatches, redirectUriProblem } from "./redirect-uris";

describe("redirect URIs a client may register", () => {
  it.each(["https://app.example/cb", "http://127.0.0.1:33418/callback", "http://localhost/cb", "http://[::1]:9000/cb?x=1"])(
    "accepts %s",
    (uri) => expect(redirectUriProblem(uri)).toBeNull(),
  );

  it.each([
    ["http://app.example/cb", /must be https, or http on 127\.0\.0\.1/],
    ["http://127.0.0.1.evil.example/cb", /must be https/],
    ["javascript:alert(1)", /must be https/],
    ["cursor://oauth/cb", /must be https/],
    ["https://app.example/cb#frag", /fragment/],
    ["https://user:pw@app.example/cb", /user name or password/],
    ["/relative", /not an absolute URL/],
    [`https://app.example/${"a".repeat(2000)}`, /longer than 2000/],
  ])("refuses %s", (uri, why) => expect(redirectUriProblem(uri)).toMatch(why));
});

describe("matching the authorization request's redirect URI", () => {
  it("is exact, except the port of a loopback http URI (RFC 8252)", () => {
    expect(redirectMatches("https://app.example/cb", "https://app.example/cb")).toBe(true);
    expect(redirectMatches("https://app.example/cb", "https://app.example/cb2")).toBe(false);
    expect(redirectMatches("https://app.example:443/cb", "https://app.example:8443/cb")).toBe(false);
    expect(redirectMatches("http://127.0.0.1:1/cb", "http://127.0.0.1:5123/cb")).toBe(true);
    expect(redirectMatches("http://127.0.0.1:1/cb", "http://127.0.0.1:5123/other")).toBe(false);
    expect(redirectMatches("http://127.0.0.1/cb", "http://localhost/cb")).toBe(false);
    expect(redirectMatches("http://127.0.0.1/cb", "https://127.0.0.1/cb")).toBe(false);
  });
});
