import { describe, expect, it } from "vitest";
import { checkElicitationUrl, MAX_ELICITATION_URL } from "./url-elicitation";

describe("a URL a server asks a person to open", () => {
  it("is shown with its domain (host and port; a look-alike international name as punycode)", () => {
    expect(checkElicitationUrl("https://login.example.com/connect?x=1")).toEqual({
      ok: true,
      url: "https://login.example.com/connect?x=1",
      domain: "login.example.com",
    });
    expect(checkElicitationUrl("http://127.0.0.1:4312/c/1")).toMatchObject({ ok: true, domain: "127.0.0.1:4312" });
    expect(checkElicitationUrl("https://раураl.com/")).toMatchObject({ ok: true, domain: "xn--l-7sba6dbr.com" });
  });

  it("is refused when it is not https (http only on this machine), carries credentials, or is too long", () => {
    expect(checkElicitationUrl("javascript:alert(1)")).toMatchObject({ ok: false });
    expect(checkElicitationUrl("http://example.com/")).toMatchObject({ ok: false, problem: /only https/ });
    expect(checkElicitationUrl("data:text/html,hi")).toMatchObject({ ok: false });
    expect(checkElicitationUrl("https://user:pw@example.com/")).toMatchObject({ ok: false, problem: /user name/ });
    expect(checkElicitationUrl(`https://example.com/${"a".repeat(MAX_ELICITATION_URL)}`)).toMatchObject({ ok: false });
    expect(checkElicitationUrl("not a url")).toMatchObject({ ok: false });
    expect(checkElicitationUrl(undefined)).toMatchObject({ ok: false });
  });
});
