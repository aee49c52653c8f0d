import { describe, expect, it } from "vitest";
import { crossSiteProblem, sessionCookie } from "./request-info";

const req = (headers: Record<string, string>, url = "http://app.test/api/trpc/x") =>
  new Request(url, { method: "POST", headers });

describe("CSRF check", () => {
  it("lets same-origin and non-browser requests through, and refuses other sites", () => {
    expect(crossSiteProblem(req({ origin: "http://app.test", host: "app.test", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteProblem(req({}))).toBeNull();
    expect(crossSiteProblem(req({ "sec-fetch-site": "cross-site" }))).toBe("a cross-site request may not change anything");
    expect(crossSiteProblem(req({ "sec-fetch-site": "same-site" }))).toBe("a same-site request may not change anything");
    expect(crossSiteProblem(req({ origin: "https://evil.test", host: "app.test" }))).toBe(
      "requests from https://evil.test may not change anything here",
    );
    expect(crossSiteProblem(req({ origin: "null", host: "app.test" }))).toBe("the Origin header is not a URL");
  });
});

describe("session cookie", () => {
  it("is HTTP-only and SameSite=Lax, and Secure over https", () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    expect(sessionCookie(req({}), "t", expires)).toBe(
      "sy_session=t; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Jan 2030 00:00:00 GMT",
    );
    expect(sessionCookie(req({ "x-forwarded-proto": "https" }), "t", expires)).toMatch(/; Secure$/);
  });
});
