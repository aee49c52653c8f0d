import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { UrlRequestView } from "./url-request-view";

const props = { server: "crm", url: "https://login.example.com/connect/abc", domain: "login.example.com", actions: null };

describe("a link a server asks a person to open", () => {
  it("shows its domain and the whole link as text, with nothing to click, until someone consents", () => {
    const html = renderToStaticMarkup(<UrlRequestView {...props} consent={null} />);
    expect(html).toContain('data-testid="url-domain">login.example.com<');
    expect(html).toContain("<code");
    expect(html).toContain("https://login.example.com/connect/abc");
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("href=");
  });

  it("offers the link after consent, in a new tab that is not told where it came from", () => {
    const html = renderToStaticMarkup(<UrlRequestView {...props} consent={{ by: "Ada", at: "2026-12-07T12:00:00.000Z" }} />);
    expect(html).toMatch(
      /<a [^>]*href="https:\/\/login\.example\.com\/connect\/abc"[^>]*target="_blank"[^>]*rel="noopener noreferrer"/,
    );
    expect(html).toContain("Ada consented");
  });
});
